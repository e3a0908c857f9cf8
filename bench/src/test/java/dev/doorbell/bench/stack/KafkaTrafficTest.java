package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KafkaTraffic} against real clients on the test JVM's shared broker: the MBean names and attributes it reads exist. */
@Tag("servers")
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class KafkaTrafficTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "traffic-" + run;
    private final KafkaTraffic traffic = new KafkaTraffic();

    @Test
    void countsRequestsRecordsFetchesAndCommitsPerClientBetweenTwoSnapshots(KafkaCluster kafka) throws Exception {
        String producerId = "traffic-producer-" + run;
        String consumerId = "traffic-consumer-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "traffic-admin-" + run))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.CLIENT_ID_CONFIG, producerId),
                    new StringSerializer(), new StringSerializer());
                 KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.CLIENT_ID_CONFIG, consumerId,
                    ConsumerConfig.GROUP_ID_CONFIG, "traffic-group-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
                producer.send(new ProducerRecord<>(topic, "warm", "up")).get();
                KafkaTraffic.Snapshot before = traffic.read();

                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v")).get();
                }
                consumer.subscribe(List.of(topic));
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen < 6 && System.nanoTime() < deadline) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                }
                assertThat(seen).isEqualTo(6);
                consumer.commitSync();
                consumer.commitSync();
                KafkaTraffic.Snapshot used = traffic.read().minus(before);

                KafkaTraffic.Counts produced = used.clients().get(producerId);
                KafkaTraffic.Counts consumed = used.clients().get(consumerId);
                assertThat(produced.requests()).isGreaterThanOrEqualTo(5);
                assertThat(produced.fetches()).isZero();
                assertThat(used.recordsSent()).containsEntry(new KafkaTraffic.ClientTopic(producerId, topic), 5.0);
                assertThat(consumed.fetches()).isPositive();
                assertThat(consumed.commits()).isEqualTo(2);
                assertThat(consumed.requests()).isGreaterThanOrEqualTo(consumed.fetches() + consumed.commits());
                assertThat(used.clients()).containsKey("traffic-admin-" + run);

                KafkaClientRoles roles = new KafkaClientRoles(List.of(KafkaClientRoles.Rule.of("^traffic-producer-", "producer"),
                        KafkaClientRoles.Rule.of("^traffic-consumer-", "consumer")), "-" + run);
                assertThat(used.byRole(roles)).containsKeys("producer", "consumer");
                assertThat(used.byRole(roles).get("consumer").commits()).isEqualTo(2);
                assertThat(used.recordsByTopic(roles)).containsEntry(new KafkaTraffic.TopicRole("traffic", "producer"), 5.0);
            }
            KafkaTraffic.Snapshot afterClose = traffic.read();
            assertThat(afterClose.clients()).doesNotContainKeys(producerId, consumerId);
        }
    }
}
