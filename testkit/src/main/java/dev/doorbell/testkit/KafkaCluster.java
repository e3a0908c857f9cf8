package dev.doorbell.testkit;

import dev.doorbell.servers.KafkaBroker;
import java.util.List;

/**
 * A real Kafka cluster handed to a test by {@link KafkaExtension}: broker processes on loopback.
 *
 * <p>The shared cluster lives for the whole test JVM; a test that kills a broker must start it
 * again before it ends (or ask for a dedicated cluster with {@link KafkaNodes#dedicated()}).
 */
public interface KafkaCluster {

    /** Comma-separated {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** The nodes, for chaos: {@link KafkaBroker#kill()}, {@link KafkaBroker#stop()}, {@link KafkaBroker#start()}. */
    List<KafkaBroker> brokers();

    /** The node with {@code node.id} {@code nodeId} (1-based). */
    KafkaBroker broker(int nodeId);
}
