package dev.doorbell.cli.replay;

import dev.doorbell.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one place that builds the Kafka configuration of a replay's clients. The consumer has no
 * {@code group.id} and never commits: it is placed with {@code assign} and {@code seek}, so a replay cannot
 * move any consumer group's offsets (a {@code group.id} passed as an override is dropped for that reason).
 * Every blocking call is bounded by {@code timeout}, so an unreachable broker is an error, not a hang.
 *
 * @param clientOverrides further settings (TLS, SASL, ...), passed through as given; printed with secret values hidden
 */
public record ReplayClientConfig(String bootstrapServers, Map<String, String> clientOverrides, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ReplayClientConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientOverrides = KafkaClientProperties.of(clientOverrides);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
    }

    public static ReplayClientConfig of(String bootstrapServers) {
        return new ReplayClientConfig(bootstrapServers, Map.of(), DEFAULT_TIMEOUT);
    }

    /** @return the replay consumer's configuration */
    public Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "doorbell-replay");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // an exactly-once fetcher's aborted writes never reached the reconciler: do not show them
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.putAll(clientOverrides);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** @return the replay admin client's configuration */
    public Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "doorbell-replay-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.putAll(clientOverrides);
        return props;
    }
}
