package dev.doorbell.cli.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code doorbell up} starts.
 *
 * @param dataDir where the broker, the registry and PostgreSQL keep data across restarts; null for temporary storage
 * @param kafkaPort broker client port (0: free)
 * @param registryPort registry HTTP port (0: free)
 * @param gatewayPort gateway HTTP port (0: free)
 * @param controlPort the reconciler's control and read API port (0: free)
 * @param partitions partitions of the doorbell and observation topics
 * @param sleds simulated sleds to start
 * @param vmmsPerSled VMMs each sled keeps
 * @param churnPerSled state changes per second each sled's load driver makes
 * @param applyAhead whether the state fetchers apply their answers to the database before publishing them
 */
public record StackConfig(Path dataDir, int kafkaPort, int registryPort, int gatewayPort, int controlPort, int partitions, int sleds,
                          int vmmsPerSled, double churnPerSled, boolean applyAhead) {

    public StackConfig {
        if (partitions < 1 || sleds < 0 || vmmsPerSled < 0 || churnPerSled < 0) {
            throw new IllegalArgumentException("partitions must be >= 1; sleds, VMMs and churn >= 0");
        }
        for (int port : new int[] {kafkaPort, registryPort, gatewayPort, controlPort}) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("ports must be 0..65535, was " + port);
            }
        }
    }

    /** A stack whose fetchers publish their answers for the reconciler to apply. */
    public StackConfig(Path dataDir, int kafkaPort, int registryPort, int gatewayPort, int controlPort, int partitions, int sleds,
                       int vmmsPerSled, double churnPerSled) {
        this(dataDir, kafkaPort, registryPort, gatewayPort, controlPort, partitions, sleds, vmmsPerSled, churnPerSled, false);
    }

    Path dir(String name) {
        return dataDir == null ? null : Objects.requireNonNull(dataDir).resolve(name);
    }
}
