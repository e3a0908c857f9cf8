package dev.doorbell.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a {@link LocalKafkaCluster}.
 *
 * @param size         number of nodes, 1 or 3; each is broker and controller
 * @param directory    where the nodes keep their data and logs, or {@code null} for a temporary
 *                     directory deleted on {@link LocalKafkaCluster#close()}
 * @param ports        client ports, one per node, or empty to pick free ones
 * @param startTimeout how long a start may take before it fails
 */
public record KafkaClusterConfig(int size, Path directory, List<Integer> ports, Duration startTimeout) {

    public KafkaClusterConfig {
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("a local Kafka cluster has 1 or 3 nodes, not " + size);
        }
        ports = List.copyOf(ports);
        if (!ports.isEmpty() && ports.size() != size) {
            throw new IllegalArgumentException("give one port per node or none: " + ports);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
    }

    /** One node in {@code directory} (or a temporary one if {@code null}) on free ports. */
    public static KafkaClusterConfig single(Path directory) {
        return new KafkaClusterConfig(1, directory, List.of(), Duration.ofSeconds(90));
    }

    /** Three nodes, a three-voter controller quorum, in {@code directory} (or a temporary one) on free ports. */
    public static KafkaClusterConfig three(Path directory) {
        return new KafkaClusterConfig(3, directory, List.of(), Duration.ofSeconds(120));
    }
}
