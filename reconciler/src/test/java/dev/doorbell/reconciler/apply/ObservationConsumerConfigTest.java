package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ObservationConsumerConfigTest {

    @Test
    void aDeadMembersPartitionsMoveWithinTenSecondsUnlessOverridden() {
        ObservationConsumerConfig config = ObservationConsumerConfig.of("localhost:9092");
        assertThat(config.consumerProperties()).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        assertThat(config.rebuildConsumerProperties()).as("no group, no session")
                .doesNotContainKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        ObservationConsumerConfig overridden = new ObservationConsumerConfig(config.bootstrapServers(), config.topic(),
                config.deadLetterTopic(), config.groupId(), config.maxPollRecords(), config.pollTimeout(), config.commitInterval(),
                config.retryBackoff(), config.maxRetryBackoff(), Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000"));
        assertThat(overridden.consumerProperties())
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
    }
}
