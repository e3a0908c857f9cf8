package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same round trip against a broker in a container: runs only where a Docker engine answers,
 * and is skipped (disabled, with Testcontainers' reason) everywhere else.
 */
@Tag("servers")
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void producesAndConsumesThroughAContainerBroker() throws Exception {
        String topic = "container-" + UUID.randomUUID();
        KafkaSmokeTest.KafkaRoundTrip.createTopic(KAFKA.getBootstrapServers(), topic, 1);
        KafkaSmokeTest.KafkaRoundTrip.produce(KAFKA.getBootstrapServers(), topic, "vmm-1", "ring");

        assertThat(KafkaSmokeTest.KafkaRoundTrip.consumeAtLeast(KAFKA.getBootstrapServers(), topic, 1))
                .extracting(ConsumerRecord::value)
                .containsExactly("ring");
    }
}
