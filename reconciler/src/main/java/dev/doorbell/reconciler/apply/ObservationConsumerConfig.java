package dev.doorbell.reconciler.apply;

import dev.doorbell.kafka.IdleFetch;
import dev.doorbell.kafka.KafkaClientProperties;
import dev.doorbell.topics.PipelineTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place that builds the Kafka configuration of the observation consumer and of its
 * dead-letter producer.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic            normally {@code vmm.states}
 * @param deadLetterTopic  normally {@code vmm.states.dlq}
 * @param groupId          consumer group of the live applier
 * @param maxPollRecords   largest batch applied in one transaction
 * @param pollTimeout      how long one poll waits for records (an idle consumer loops once per timeout)
 * @param commitInterval   how often the offsets of applied batches are committed (see {@code OffsetCommits})
 * @param retryBackoff     first wait after a transient failure (database or registry down); doubles per failure
 * @param maxRetryBackoff  longest wait between retries
 * @param clientOverrides  further client settings (TLS, SASL, ...), given to consumer and producer as they are;
 *                         printed with secret values hidden ({@link KafkaClientProperties})
 */
public record ObservationConsumerConfig(String bootstrapServers, String topic, String deadLetterTopic, String groupId,
                                        int maxPollRecords, Duration pollTimeout, Duration commitInterval, Duration retryBackoff,
                                        Duration maxRetryBackoff, Map<String, String> clientOverrides) {

    /** The live consumer's session timeout: how long a dead member keeps its partitions. */
    public static final int SESSION_TIMEOUT_MS = 10_000;


    public ObservationConsumerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be at least 1");
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < retryBackoff <= maxRetryBackoff");
        }
        clientOverrides = KafkaClientProperties.of(clientOverrides);
    }

    /** Defaults: {@code vmm.states}, {@code vmm.states.dlq}, group {@code doorbell-reconciler}, 500 records a batch. */
    public static ObservationConsumerConfig of(String bootstrapServers) {
        PipelineTopics topics = PipelineTopics.defaults();
        return new ObservationConsumerConfig(bootstrapServers, topics.states(), topics.statesDlq(), "doorbell-reconciler", 500,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(10), Map.of());
    }

    public ObservationConsumerConfig withTopics(String topic, String deadLetterTopic) {
        return new ObservationConsumerConfig(bootstrapServers, topic, deadLetterTopic, groupId, maxPollRecords, pollTimeout,
                commitInterval, retryBackoff, maxRetryBackoff, clientOverrides);
    }

    public ObservationConsumerConfig withGroupId(String groupId) {
        return new ObservationConsumerConfig(bootstrapServers, topic, deadLetterTopic, groupId, maxPollRecords, pollTimeout,
                commitInterval, retryBackoff, maxRetryBackoff, clientOverrides);
    }

    public ObservationConsumerConfig withMaxPollRecords(int maxPollRecords) {
        return new ObservationConsumerConfig(bootstrapServers, topic, deadLetterTopic, groupId, maxPollRecords, pollTimeout,
                commitInterval, retryBackoff, maxRetryBackoff, clientOverrides);
    }

    /** The live consumer: manual commits after the database commit, only committed transactions. */
    public Properties consumerProperties() {
        Properties props = baseConsumerProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A dead reconciler's partitions move within 10 s instead of the default 45 s (as the fetcher's do): a soak
        // with the default saw 1,800 observations wait for a SIGKILLed reconciler's session to end.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        props.putAll(clientOverrides);
        return props;
    }

    /** The rebuild's consumer: no group (partitions assigned, nothing committed). */
    public Properties rebuildConsumerProperties() {
        Properties props = baseConsumerProperties();
        props.putAll(clientOverrides);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private Properties baseConsumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(IdleFetch.MAX_WAIT_MS));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // the process id tells the group's members apart (kafka-consumer-groups --members, doorbell up's partition split)
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "doorbell-reconciler-" + groupId + "-" + ProcessHandle.current().pid());
        return props;
    }

    /** The dead-letter producer: durable ({@code acks=all}, idempotent); offsets wait for its acknowledgements. */
    public Properties deadLetterProducerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "doorbell-reconciler-dlq-" + groupId + "-" + ProcessHandle.current().pid());
        props.putAll(clientOverrides);
        return props;
    }
}
