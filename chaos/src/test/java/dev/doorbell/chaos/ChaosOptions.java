package dev.doorbell.chaos;

import dev.doorbell.reconciler.sweep.SweepSettings;

/**
 * The shape of a {@link ChaosPipeline}.
 *
 * @param sleds             simulated sleds
 * @param partitions        partitions of the doorbell and observation topics
 * @param replicationFactor of every topic (1 on one broker, 3 on three)
 * @param sweep             the reconciler's watcher sweep, or {@code null} for none: without sweeps
 *                          only the doorbell path can bring the database up to date, so a lost ring
 *                          stays lost and the convergence check sees it
 * @param proxied           put a {@link TcpProxy} in front of each sled and register the proxy's address
 */
record ChaosOptions(int sleds, int partitions, short replicationFactor, SweepSettings sweep, boolean proxied) {

    ChaosOptions {
        if (sleds < 1 || partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("sleds, partitions and replication factor must be at least 1");
        }
    }

    /** Three sleds, four partitions, one replica, no sweeps, no proxies. */
    static ChaosOptions defaults() {
        return new ChaosOptions(3, 4, (short) 1, null, false);
    }

    ChaosOptions withSleds(int value) {
        return new ChaosOptions(value, partitions, replicationFactor, sweep, proxied);
    }

    ChaosOptions withReplicationFactor(short value) {
        return new ChaosOptions(sleds, partitions, value, sweep, proxied);
    }

    ChaosOptions withSweep(SweepSettings value) {
        return new ChaosOptions(sleds, partitions, replicationFactor, value, proxied);
    }

    ChaosOptions withProxies() {
        return new ChaosOptions(sleds, partitions, replicationFactor, sweep, true);
    }
}
