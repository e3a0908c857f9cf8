package dev.doorbell.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.producer.DoorbellHeaders;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.topics.PipelineTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The doorbell flow of {@code docker/compose.yaml} against a broker in a container, with the broker image
 * the compose file uses: the pipeline's topics as {@link PipelineTopics} makes them, sleds ringing through
 * {@link DoorbellPublisher}, the rings arriving body-less, keyed by VMM, with their headers. Runs only
 * where a Docker engine answers; skipped (disabled, with Testcontainers' reason) everywhere else, as here.
 */
@Tag("servers")
@Testcontainers(disabledWithoutDocker = true)
class ComposeFlowTest {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void sledRingsArriveOnTheDoorbellTopicCollapsedPerVmm() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TOPICS.ensure(admin, 6, (short) 1);
            assertThat(admin.listTopics().names().get()).containsAll(List.of(TOPICS.doorbells(), TOPICS.states(),
                    TOPICS.doorbellsDlq(), TOPICS.statesDlq(), TOPICS.placements(), TOPICS.sleds()));
            assertThat(admin.describeTopics(List.of(TOPICS.doorbells())).allTopicNames().get().get(TOPICS.doorbells()).partitions())
                    .hasSize(6);
        }

        UUID sledId = UUID.randomUUID();
        List<UUID> vmms = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        try (DoorbellPublisher publisher = DoorbellPublisher.toKafka(DoorbellProducerConfig.of(bootstrap), PublisherConfig.forSled(sledId))) {
            for (int burst = 0; burst < 3; burst++) {
                vmms.forEach(publisher::ring);
            }
            assertThat(publisher.flush(Duration.ofSeconds(30))).as("every ring acknowledged").isTrue();
        }

        List<ConsumerRecord<String, byte[]>> records = consumeUntil(bootstrap, Set.copyOf(vmms), Duration.ofSeconds(60));
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(vmms.stream().map(UUID::toString).toList());
        assertThat(records).as("a burst of rings per VMM collapses: at most one send per ring, never more")
                .hasSizeLessThanOrEqualTo(vmms.size() * 3);
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(record.value()).as("the doorbell carries no state").isNull();
            assertThat(new String(record.headers().lastHeader(DoorbellHeaders.SOURCE).value(), StandardCharsets.UTF_8)).isEqualTo("sled");
            assertThat(new String(record.headers().lastHeader(DoorbellHeaders.SLED_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(sledId.toString());
        }
    }

    /** Reads {@code vmm.doorbells} without a consumer group until every VMM has rung at least once. */
    private static List<ConsumerRecord<String, byte[]>> consumeUntil(String bootstrap, Set<UUID> vmms, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(TOPICS.doorbells()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<String> wanted = vmms.stream().map(UUID::toString).collect(Collectors.toSet());
            while (System.nanoTime() < deadline
                    && !records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(wanted)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
