/**
 * The control plane's side as one service: {@link Reconciler} runs the observation consumer, the watcher sweep
 * and the control and read APIs on one HTTP port, from a {@link ReconcilerConfig}. The work is in the
 * sub-packages: {@code apply}, {@code sweep}, {@code control}, {@code read}, {@code db} and {@code legacy}.
 */
package dev.doorbell.reconciler;
