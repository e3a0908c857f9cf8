package dev.doorbell.producer;

import dev.doorbell.kafka.KafkaClientProperties;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one place that builds the doorbell producer's Kafka configuration.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the doorbell topic, normally {@code vmm.doorbells}
 * @param lingerMs producer linger; small, since a doorbell is latency-critical
 * @param clientOverrides any further Kafka client settings (TLS, SASL, ...), passed through as given, applied last;
 *     printed with secret values hidden ({@link KafkaClientProperties})
 */
public record DoorbellProducerConfig(String bootstrapServers, String topic, int lingerMs, Map<String, String> clientOverrides) {

    public static final String DEFAULT_TOPIC = "vmm.doorbells";

    /** The linger every doorbell producer of the product uses: a ring is latency-critical and rarely has company. */
    public static final int DEFAULT_LINGER_MS = 1;

    public DoorbellProducerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        clientOverrides = KafkaClientProperties.of(clientOverrides);
    }

    public static DoorbellProducerConfig of(String bootstrapServers) {
        return new DoorbellProducerConfig(bootstrapServers, DEFAULT_TOPIC, DEFAULT_LINGER_MS, Map.of());
    }

    /** @return the producer's configuration, {@code clientOverrides} last */
    public Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        // A record stuck past this is reported failed and re-sent by the publisher, never dropped.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        // One request in flight per broker connection: a batch refused with NOT_LEADER_OR_FOLLOWER (a new
        // partition, a leader change) is then retried before any later batch. With several in flight the
        // Kafka 4.4 idempotent producer was seen spinning on OUT_OF_ORDER_SEQUENCE_NUMBER for over a minute
        // (RebalanceTest). Doorbells need no ordering, and per-VMM coalescing keeps the volume low.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "doorbell-publisher");
        props.putAll(clientOverrides);
        return props;
    }
}
