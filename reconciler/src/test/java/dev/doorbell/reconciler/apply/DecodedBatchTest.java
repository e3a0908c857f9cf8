package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DecodedBatchTest {

    @Test
    void anObservationWasPublishedWhenItsRecordIsStamped() {
        List<ConsumerRecord<byte[], byte[]>> sources = List.of(
                record(1_765_000_000_123L, TimestampType.CREATE_TIME),
                record(1_765_000_000_456L, TimestampType.LOG_APPEND_TIME),
                record(ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE),
                record(-5, TimestampType.CREATE_TIME));
        DecodedBatch batch = new DecodedBatch(List.of(), sources, List.of(), List.of(), List.of());

        assertThat(batch.publishedAt()).containsExactly(Optional.of(Instant.ofEpochMilli(1_765_000_000_123L)),
                Optional.of(Instant.ofEpochMilli(1_765_000_000_456L)), Optional.empty(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record(long timestamp, TimestampType type) {
        return new ConsumerRecord<>("vmm.states", 0, 0, timestamp, type, 0, 0, new byte[0], new byte[0], new RecordHeaders(),
                Optional.empty());
    }
}
