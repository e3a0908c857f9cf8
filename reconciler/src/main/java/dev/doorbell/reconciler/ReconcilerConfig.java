package dev.doorbell.reconciler;

import dev.doorbell.kafka.KafkaClientProperties;
import dev.doorbell.reconciler.apply.ObservationConsumerConfig;
import dev.doorbell.reconciler.control.ControlSettings;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.topics.PipelineTopics;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Reconciler} needs.
 *
 * @param database the PostgreSQL-wire database
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl Confluent-compatible schema registry
 * @param topics the pipeline's topics
 * @param groupId consumer group of the live applier
 * @param maxBatch most observations applied in one transaction
 * @param httpHost address of the control and read API
 * @param httpPort port of the control and read API (0: free)
 * @param sweep watcher sweep timing; {@code null} disables sweeps
 * @param control sled-call timeouts
 * @param clientOverrides further Kafka client settings (TLS, SASL, ...) for every client of the reconciler, applied last;
 *     printed with secret values hidden ({@link KafkaClientProperties})
 */
public record ReconcilerConfig(Database.Config database, String bootstrapServers, String registryUrl, PipelineTopics topics,
                               String groupId, int maxBatch, String httpHost, int httpPort, SweepSettings sweep,
                               ControlSettings control, Map<String, String> clientOverrides) {

    public ReconcilerConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(control, "control");
        clientOverrides = KafkaClientProperties.of(clientOverrides);
    }

    public static ReconcilerConfig defaults(Database.Config database, String bootstrapServers, String registryUrl) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, PipelineTopics.defaults(), "doorbell-reconciler", 500,
                "127.0.0.1", 8080, SweepSettings.defaults(), ControlSettings.defaults(), Map.of());
    }

    public ReconcilerConfig withTopics(PipelineTopics value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, value, groupId, maxBatch, httpHost, httpPort, sweep,
                control, clientOverrides);
    }

    public ReconcilerConfig withHttpPort(int value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, groupId, maxBatch, httpHost, value, sweep,
                control, clientOverrides);
    }

    public ReconcilerConfig withHttpHost(String value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, groupId, maxBatch, value, httpPort, sweep,
                control, clientOverrides);
    }

    public ReconcilerConfig withSweep(SweepSettings value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, groupId, maxBatch, httpHost, httpPort, value,
                control, clientOverrides);
    }

    public ReconcilerConfig withGroupId(String value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, value, maxBatch, httpHost, httpPort, sweep,
                control, clientOverrides);
    }

    public ReconcilerConfig withMaxBatch(int value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, groupId, value, httpHost, httpPort, sweep,
                control, clientOverrides);
    }

    public ReconcilerConfig withClientOverrides(Map<String, String> value) {
        return new ReconcilerConfig(database, bootstrapServers, registryUrl, topics, groupId, maxBatch, httpHost, httpPort, sweep,
                control, value);
    }

    /** @return the observation consumer's configuration (consumer, dead-letter producer, rebuild consumer) */
    public ObservationConsumerConfig consumer() {
        ObservationConsumerConfig defaults = ObservationConsumerConfig.of(bootstrapServers);
        return new ObservationConsumerConfig(bootstrapServers, topics.states(), topics.statesDlq(), groupId, maxBatch,
                defaults.pollTimeout(), defaults.commitInterval(), defaults.retryBackoff(), defaults.maxRetryBackoff(), clientOverrides);
    }
}
