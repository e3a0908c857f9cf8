/**
 * {@code doorbell bench soak}: churn on a fleet of processes with a SIGKILL every few minutes ({@link dev.doorbell.cli.soak.Soak}),
 * sampling each process's memory and each group's lag, and an audit at the end; {@link dev.doorbell.cli.soak.SoakReport}
 * writes what it measured.
 */
package dev.doorbell.cli.soak;
