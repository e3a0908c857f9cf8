package dev.doorbell.bench.stack;

import java.util.Locale;

/**
 * A part of the benchmark stack whose CPU time is measured on its own. Servers are processes
 * ({@link #BROKER}, {@link #REGISTRY}, {@link #DATABASE}); the services and the sleds run in the
 * bench JVM, each in its own thread group ({@link ComponentThreads}).
 */
public enum Component {
    /** The Kafka broker process. */
    BROKER(false),
    /** The schema registry process. */
    REGISTRY(false),
    /** PostgreSQL: the postmaster and every backend, except the bench's own polling connection. */
    DATABASE(false),
    /** The reconciler: consumer, applier, sweeps, legacy endpoint, HTTP threads. */
    RECONCILER(true),
    /** The state fetcher: Kafka Streams threads, its sled client. */
    FETCHER(true),
    /** The doorbell gateway with its Kafka producers. */
    GATEWAY(true),
    /** The simulated sleds: their HTTP servers, the thread making the changes, their ring publishers and upcall clients. */
    SLEDS(true),
    /** The bench's own measuring: database poller (and its PostgreSQL backend), CPU sampler, observation tally (burst and mixed scenarios only), directory writes. */
    BENCH(true),
    /** The rest of the bench JVM's CPU: garbage collection, JIT compilation, JVM housekeeping, threads outside every group. */
    JVM_OTHER(false);

    private final boolean threadGroup;

    Component(boolean threadGroup) {
        this.threadGroup = threadGroup;
    }

    /** @return whether its CPU is the sum of a thread group of the bench JVM */
    public boolean isThreadGroup() {
        return threadGroup;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
