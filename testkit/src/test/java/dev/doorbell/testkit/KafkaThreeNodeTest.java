package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(KafkaExtension.class)
class KafkaThreeNodeTest {

    @Test
    void replicatedTopicSurvivesTheLossOfOneBroker(@KafkaNodes(3) KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters()).hasSize(3);
        }
        String topic = "three-" + UUID.randomUUID();
        KafkaSmokeTest.KafkaRoundTrip.createTopic(kafka.bootstrapServers(), topic, 3);
        KafkaSmokeTest.KafkaRoundTrip.produce(kafka.bootstrapServers(), topic, "vmm-1", "before");

        kafka.broker(2).kill();
        try {
            KafkaSmokeTest.KafkaRoundTrip.produce(kafka.bootstrapServers(), topic, "vmm-1", "during");
            assertThat(KafkaSmokeTest.KafkaRoundTrip.consumeAtLeast(kafka.bootstrapServers(), topic, 2))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before", "during");
        } finally {
            kafka.broker(2).start();
        }
        assertThat(kafka.brokers()).allMatch(b -> b.isRunning());
    }
}
