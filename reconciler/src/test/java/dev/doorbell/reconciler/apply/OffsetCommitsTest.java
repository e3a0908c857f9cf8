package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offsets reach the group on a clock, before a revocation and on close; never ahead of what was applied. */
class OffsetCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("vmm.states", 0);
    private static final TopicPartition P1 = new TopicPartition("vmm.states", 1);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private MockConsumer<byte[], byte[]> consumer;
    private OffsetCommits commits;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0, P1));
        commits = new OffsetCommits(consumer, INTERVAL, nanos::get);
    }

    @Test
    void commitsTheNextOffsetOfTheNewestAppliedRecordOncePerInterval() {
        commits.applied(List.of(record(P0, 4), record(P0, 7), record(P1, 2)));
        commits.commitIfDue();
        assertThat(committed()).as("before an interval has passed").isEmpty();

        nanos.addAndGet(INTERVAL.toNanos());
        commits.commitIfDue();
        assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 8L, P1, 3L));
        assertThat(commits.hasNoted()).isFalse();

        commits.applied(List.of(record(P0, 8)));
        nanos.addAndGet(INTERVAL.toNanos() / 2);
        commits.commitIfDue();
        assertThat(committed()).as("half an interval after the last commit").containsEntry(P0, 8L);
        nanos.addAndGet(INTERVAL.toNanos() / 2);
        commits.commitIfDue();
        assertThat(committed()).containsEntry(P0, 9L);
    }

    @Test
    void commitsOnlyTheRevokedPartitionsAtOnceAndKeepsTheOthersNoted() {
        commits.applied(List.of(record(P0, 1), record(P1, 5)));
        commits.commitRevoked(Set.of(P1));
        assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P1, 6L));
        assertThat(commits.hasNoted()).isTrue();

        commits.commitAll();
        assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 2L, P1, 6L));
        assertThat(commits.hasNoted()).isFalse();
    }

    @Test
    void forgetsLostPartitionsWithoutCommittingThem() {
        commits.applied(List.of(record(P0, 1), record(P1, 5)));
        commits.forget(Set.of(P0));
        nanos.addAndGet(INTERVAL.toNanos());
        commits.commitIfDue();
        assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P1, 6L));
    }

    @Test
    void commitsNothingWhenNothingWasApplied() {
        nanos.addAndGet(INTERVAL.toNanos() * 5);
        commits.commitIfDue();
        commits.commitAll();
        assertThat(committed()).isEmpty();
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(Set.of(P0, P1));
        return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[0], new byte[0]);
    }
}
