package dev.doorbell.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The bounds of a {@link TopicRange}, driven by a {@link MockConsumer} (real brokers: the rebuild, replay and chaos tests). */
class TopicRangeTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());

    @Test
    void handsOutOnlyRecordsBeforeEachStopAndPausesPartitionsThatReachedIt() {
        TopicRange<String, String> range = TopicRange.of(consumer, Map.of(P0, 0L, P1, 5L), Map.of(P0, 2L, P1, 5L));
        assertThat(consumer.paused()).as("nothing to read in P1").containsExactly(P1);
        assertThat(range.unfinished()).containsExactly(P0);

        consumer.addRecord(record(P0, 0));
        consumer.addRecord(record(P0, 1));
        consumer.addRecord(record(P0, 2)); // written after the range was opened
        List<ConsumerRecord<String, String>> read = range.poll(Duration.ZERO);

        assertThat(read).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(range.isDone()).isTrue();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void aFollowingRangeIsCaughtUpAtItsStopsAndReadsOn() {
        TopicRange<String, String> range = TopicRange.following(consumer, Map.of(P0, 0L), Map.of(P0, 1L));
        consumer.addRecord(record(P0, 0));
        consumer.addRecord(record(P0, 1));

        assertThat(range.poll(Duration.ZERO)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(range.isDone()).as("caught up").isTrue();
        assertThat(consumer.paused()).isEmpty();
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "k", "v" + offset);
    }
}
