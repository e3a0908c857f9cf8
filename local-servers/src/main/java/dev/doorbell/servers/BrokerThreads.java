package dev.doorbell.servers;

/**
 * How many network and request-handler threads a local broker runs. Kafka's defaults (3 network
 * threads, 8 request handlers) suit a broker with a machine of its own; a local broker shares a few
 * cores with the whole stack, and its eleven threads handing each request from one to another
 * contend with everything else. One network thread per two cores (at most Kafka's 3) and one request
 * handler per core (at least 2, at most Kafka's 8): on the 2-core machines this project is measured on,
 * 1 and 2. Measured in docs/PERFORMANCE.md ("broker threads"): the broker's CPU per request fell by a
 * quarter.
 *
 * @param network {@code num.network.threads}
 * @param io {@code num.io.threads}
 */
record BrokerThreads(int network, int io) {

    BrokerThreads {
        if (network < 1 || io < 1) {
            throw new IllegalArgumentException("a broker needs at least one network and one request-handler thread");
        }
    }

    /** The threads for a broker on a machine with {@code cores} processors. */
    static BrokerThreads forCores(int cores) {
        return new BrokerThreads(Math.clamp(cores / 2, 1, 3), Math.clamp(cores, 2, 8));
    }

    /** The threads for a broker on this machine. */
    static BrokerThreads forThisMachine() {
        return forCores(Runtime.getRuntime().availableProcessors());
    }

    /** The lines of {@code server.properties} that set them. */
    String properties() {
        return "num.network.threads=" + network + "\nnum.io.threads=" + io + "\n";
    }
}
