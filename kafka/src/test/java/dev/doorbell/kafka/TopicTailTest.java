package dev.doorbell.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A {@link TopicTail} on a real broker: what the topic held before it opened, then what arrives after. */
@Tag("servers")
@ExtendWith(KafkaExtension.class)
class TopicTailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readsTheTopicFromItsBeginningThenFollowsIt(KafkaCluster kafka) throws Exception {
        String topic = "tail-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "a", "before-1")).get();
            producer.send(new ProducerRecord<>(topic, 1, "b", "before-2")).get();

            try (TopicTail<String, String> tail = new TopicTail<>(kafka.bootstrapServers(), topic,
                    new StringDeserializer(), new StringDeserializer())) {
                await().atMost(WAIT).until(tail::caughtUp);
                assertThat(tail.records()).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("before-1", "before-2");

                producer.send(new ProducerRecord<>(topic, 0, "a", "after")).get();

                await().atMost(WAIT).untilAsserted(() -> assertThat(tail.recordsWithKey("a"))
                        .extracting(ConsumerRecord::value).containsExactly("before-1", "after"));
            }
        }
    }
}
