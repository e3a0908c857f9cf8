package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.servers.KafkaBroker;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(KafkaExtension.class)
class KafkaRestartTest {

    @Test
    void killedBrokerRestartsOnItsLogWithTheRecordsItHad(@KafkaNodes(dedicated = true) KafkaCluster kafka)
            throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        KafkaSmokeTest.KafkaRoundTrip.createTopic(kafka.bootstrapServers(), topic, 1);
        KafkaSmokeTest.KafkaRoundTrip.produce(kafka.bootstrapServers(), topic, "vmm-1", "before-crash");
        KafkaBroker broker = kafka.broker(1);
        long pidBefore = broker.pid().orElseThrow();

        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pidBefore)).isEmpty();
        broker.start();

        assertThat(broker.pid().orElseThrow()).isNotEqualTo(pidBefore);
        assertThat(KafkaSmokeTest.KafkaRoundTrip.consumeAtLeast(kafka.bootstrapServers(), topic, 1))
                .extracting(ConsumerRecord::value)
                .contains("before-crash");
    }
}
