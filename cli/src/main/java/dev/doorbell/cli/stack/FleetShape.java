package dev.doorbell.cli.stack;

/**
 * How many processes of each role {@code doorbell up --processes} starts.
 *
 * @param brokers     Kafka nodes, 1 or 3 (with 3 the topics are replicated 3 times, 2 in sync)
 * @param fetchers    state fetcher processes sharing one application id
 * @param reconcilers reconciler processes sharing one consumer group
 * @param restart     whether a component process that dies is started again
 */
public record FleetShape(int brokers, int fetchers, int reconcilers, boolean restart) {

    public FleetShape {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("--brokers is 1 or 3, not " + brokers);
        }
        if (fetchers < 1 || reconcilers < 1) {
            throw new IllegalArgumentException("at least one fetcher and one reconciler");
        }
    }

    /** One of each, no restarts. */
    public static FleetShape single() {
        return new FleetShape(1, 1, 1, false);
    }
}
