package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(KafkaExtension.class)
class KafkaSmokeTest {

    @Test
    void producesAndConsumesARecord(KafkaCluster kafka) throws Exception {
        String topic = "smoke-" + UUID.randomUUID();
        KafkaRoundTrip.createTopic(kafka.bootstrapServers(), topic, 1);

        KafkaRoundTrip.produce(kafka.bootstrapServers(), topic, "vmm-1", "ring");

        assertThat(KafkaRoundTrip.consumeAtLeast(kafka.bootstrapServers(), topic, 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(Tuple.tuple("vmm-1", "ring"));
    }

    @Test
    void sharesOneClusterAcrossTests(KafkaCluster first, KafkaCluster second) {
        assertThat(first).isSameAs(second);
        assertThat(first.brokers()).hasSize(1);
    }

    /** Small Kafka client recipes shared by the Kafka tests. */
    static final class KafkaRoundTrip {

        private KafkaRoundTrip() {
        }

        static void createTopic(String bootstrap, String topic, int replication) throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) replication))).all().get();
            }
        }

        static void produce(String bootstrap, String topic, String key, String value) throws Exception {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        }

        static List<ConsumerRecord<String, String>> consumeAtLeast(String bootstrap, String topic, int count) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "smoke-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(Set.of(topic));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    assertThat(received).hasSizeGreaterThanOrEqualTo(count);
                });
                return received;
            }
        }
    }
}
