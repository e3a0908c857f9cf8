package dev.doorbell.testkit;

import dev.doorbell.servers.KafkaBroker;
import dev.doorbell.servers.LocalKafkaCluster;
import java.util.List;

/** {@link KafkaCluster} over the broker processes of a {@link LocalKafkaCluster}; closing stops them. */
record ProcessKafkaCluster(LocalKafkaCluster cluster) implements KafkaCluster, AutoCloseable {

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public List<KafkaBroker> brokers() {
        return cluster.brokers();
    }

    @Override
    public KafkaBroker broker(int nodeId) {
        return cluster.broker(nodeId);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
