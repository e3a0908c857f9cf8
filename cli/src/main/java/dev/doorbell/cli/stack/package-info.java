/**
 * {@code doorbell up}: {@link LocalStack} starts the whole pipeline on one machine from a {@link StackConfig}
 * (broker and registry as child processes, embedded PostgreSQL, reconciler, fetcher, gateway, simulated sleds),
 * reporting each phase to {@link StackProgress} and logging each component to its own file
 * ({@link ComponentLogs}); {@link StatusTicker} prints the live {@link StackStatus} line; {@link SledIdentities}
 * takes over the sleds of earlier runs on a data directory; {@link PortCheck} refuses a taken port up front.
 */
package dev.doorbell.cli.stack;
