/**
 * {@code doorbell inspect --vmm ID}: one VMM across the whole pipeline, with a verdict. {@link InspectCollector}
 * gathers the four views into an {@link Inspection} (the database row through the reconciler's read API,
 * {@link ReadApiClient}; the sled's current answer, {@link SledAnswer}; the VMM's newest observation and rings on
 * its partitions of {@code vmm.states} and {@code vmm.doorbells}, {@link VmmTopicTail}; its pending fetch in the
 * state fetchers' pending stores, {@link PendingClient}); {@link Verdict} judges it against a clock and a grace
 * period, and {@link InspectRenderer} prints both as aligned lines.
 */
package dev.doorbell.cli.inspect;
