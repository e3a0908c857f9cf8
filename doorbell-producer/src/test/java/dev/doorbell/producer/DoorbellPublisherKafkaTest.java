package dev.doorbell.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.servers.KafkaBroker;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.KafkaNodes;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher against a real broker: what lands on the topic, and an outage with nothing lost. */
@Tag("servers")
@ExtendWith(KafkaExtension.class)
class DoorbellPublisherKafkaTest {

    @Test
    void doorbellsLandKeyedByVmmWithNoValueAndTheirHeaders(KafkaCluster kafka) throws Exception {
        String topic = createTopic(kafka, "doorbells-" + UUID.randomUUID(), 3);
        UUID sled = UUID.randomUUID();
        List<UUID> vmms = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();

        try (DoorbellPublisher publisher = publisher(kafka, topic, sled)) {
            vmms.forEach(publisher::ring);
            assertThat(publisher.flush(Duration.ofSeconds(30))).isTrue();
        }

        List<ConsumerRecord<String, byte[]>> records = consumeAtLeast(kafka, topic, vmms.size());
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(vmms.stream().map(UUID::toString).toList());
        assertThat(records).allSatisfy(record -> {
            assertThat(record.value()).isNull();
            assertThat(header(record, DoorbellHeaders.SOURCE)).isEqualTo("sled");
            assertThat(header(record, DoorbellHeaders.SLED_ID)).isEqualTo(sled.toString());
            assertThat(Long.parseLong(header(record, DoorbellHeaders.RUNG_AT))).isPositive();
        });
    }

    @Test
    void ringsDuringABrokerOutageAreHeldAsASetAndDrainWhenItReturns(@KafkaNodes(dedicated = true) KafkaCluster kafka)
            throws Exception {
        String topic = createTopic(kafka, "outage-" + UUID.randomUUID(), 3);
        List<UUID> vmms = IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID()).toList();
        KafkaBroker broker = kafka.broker(1);

        try (DoorbellPublisher publisher = publisher(kafka, topic, UUID.randomUUID())) {
            // Warm the producer's metadata so the outage, not the first connection, is what is tested.
            publisher.ring(vmms.get(0));
            assertThat(publisher.flush(Duration.ofSeconds(30))).isTrue();
            int before = consumeAtLeast(kafka, topic, 1).size();

            broker.stop();
            for (int i = 0; i < 10_000; i++) {
                publisher.ring(vmms.get(i % vmms.size()));
            }
            assertThat(publisher.pendingCount()).isEqualTo(vmms.size());
            broker.start();

            assertThat(publisher.flush(Duration.ofSeconds(150))).isTrue();

            List<ConsumerRecord<String, byte[]>> records = consumeAtLeast(kafka, topic, before + vmms.size());
            Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(keys).containsExactlyInAnyOrderElementsOf(vmms.stream().map(UUID::toString).toList());
            // 10,000 rings collapse to the pending set: one send per VMM, plus at most one more
            // for a VMM rung while its first send was unacknowledged.
            assertThat(records.size() - before).isBetween(vmms.size(), 2 * vmms.size());
        }
    }

    private static DoorbellPublisher publisher(KafkaCluster kafka, String topic, UUID sled) {
        DoorbellProducerConfig config = new DoorbellProducerConfig(kafka.bootstrapServers(), topic, 1, Map.of());
        return DoorbellPublisher.toKafka(config, PublisherConfig.forSled(sled));
    }

    static String createTopic(KafkaCluster kafka, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    static List<ConsumerRecord<String, byte[]>> consumeAtLeast(KafkaCluster kafka, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            // Whatever else is already there, so "at most" assertions see everything.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
