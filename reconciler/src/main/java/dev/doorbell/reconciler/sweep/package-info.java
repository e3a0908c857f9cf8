/**
 * The watcher sweep, omicron's {@code instance_watcher}: every period {@link WatcherSweep} reads the VMMs a
 * sled may hold ({@link SweepReads}), asks their sleds in bulk ({@link SledAsker}, {@link SledStateCheck}),
 * keeps by {@link SweepComparison} only the VMMs whose sled knows something the database does not, and rings
 * their doorbells with source {@code watcher}, spread over the period by {@link SweepPace} and
 * {@link SweepPacer}. It never applies what it read.
 */
package dev.doorbell.reconciler.sweep;
