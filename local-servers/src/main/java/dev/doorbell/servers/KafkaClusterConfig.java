package dev.doorbell.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How to run a {@link LocalKafkaCluster}.
 *
 * @param size         number of nodes, 1 or 3; each is broker and controller
 * @param directory    where the nodes keep their data and logs, or {@code null} for a temporary
 *                     directory deleted on {@link LocalKafkaCluster#close()}
 * @param ports        client ports, one per node, or empty to pick free ones
 * @param startTimeout how long a start may take before it fails
 * @param saslPlainUsers user name to password: if any, every node also has a {@code SASL_PLAINTEXT}
 *                     listener (mechanism {@code PLAIN}) that admits these users, beside its plaintext one
 */
public record KafkaClusterConfig(int size, Path directory, List<Integer> ports, Duration startTimeout,
                                 Map<String, String> saslPlainUsers) {

    public KafkaClusterConfig {
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("a local Kafka cluster has 1 or 3 nodes, not " + size);
        }
        ports = List.copyOf(ports);
        if (!ports.isEmpty() && ports.size() != size) {
            throw new IllegalArgumentException("give one port per node or none: " + ports);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        saslPlainUsers = Map.copyOf(saslPlainUsers);
        saslPlainUsers.forEach((user, password) -> {
            if (!user.matches("[A-Za-z0-9._-]+") || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("SASL users are [A-Za-z0-9._-]+ and passwords have no quote or backslash");
            }
        });
    }

    /** A cluster without a SASL listener. */
    public KafkaClusterConfig(int size, Path directory, List<Integer> ports, Duration startTimeout) {
        this(size, directory, ports, startTimeout, Map.of());
    }

    /** This cluster with a {@code SASL_PLAINTEXT} listener ({@code PLAIN}) on every node admitting {@code users}. */
    public KafkaClusterConfig withSaslPlainUsers(Map<String, String> users) {
        return new KafkaClusterConfig(size, directory, ports, startTimeout, users);
    }

    public boolean hasSaslListener() {
        return !saslPlainUsers.isEmpty();
    }

    /** Names the SASL users, never their passwords. */
    @Override
    public String toString() {
        return "KafkaClusterConfig[size=" + size + ", directory=" + directory + ", ports=" + ports + ", startTimeout=" + startTimeout
                + ", saslPlainUsers=" + new TreeSet<>(saslPlainUsers.keySet()) + "]";
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
