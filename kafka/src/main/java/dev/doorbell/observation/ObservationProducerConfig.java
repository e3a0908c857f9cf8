package dev.doorbell.observation;

import dev.doorbell.kafka.KafkaClientProperties;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one place that builds the Kafka configuration of a plain (non-Streams) producer of
 * {@code vmm.states}: idempotent, {@code acks=all}, a small explicit linger.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic normally {@link #DEFAULT_TOPIC}
 * @param clientId Kafka client id, for metrics and logs
 * @param clientOverrides further client settings (TLS, SASL, ...), passed through as given, applied last;
 *     printed with secret values hidden ({@link KafkaClientProperties})
 */
public record ObservationProducerConfig(String bootstrapServers, String topic, String clientId, Map<String, String> clientOverrides) {

    public static final String DEFAULT_TOPIC = "vmm.states";

    public ObservationProducerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(clientId, "clientId");
        clientOverrides = KafkaClientProperties.of(clientOverrides);
    }

    public static ObservationProducerConfig of(String bootstrapServers, String clientId) {
        return new ObservationProducerConfig(bootstrapServers, DEFAULT_TOPIC, clientId, Map.of());
    }

    public Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(clientOverrides);
        return props;
    }
}
