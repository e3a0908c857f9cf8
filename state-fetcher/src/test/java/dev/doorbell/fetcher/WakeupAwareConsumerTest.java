package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WakeupAwareConsumerTest {

    @Test
    void pollWaitsNoLongerThanTheEarliestWakeup() {
        assertThat(WakeupAwareConsumer.budget(Duration.ofMillis(100), FetchWakeups.NEVER, 1_000)).isEqualTo(Duration.ofMillis(100));
        assertThat(WakeupAwareConsumer.budget(Duration.ofMillis(100), 1_007, 1_000)).isEqualTo(Duration.ofMillis(7));
        assertThat(WakeupAwareConsumer.budget(Duration.ofMillis(100), 900, 1_000)).isEqualTo(Duration.ZERO);
        assertThat(WakeupAwareConsumer.budget(Duration.ofMillis(100), 5_000, 1_000)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theEarliestRegisteredSourceWins() {
        FetchWakeups wakeups = new FetchWakeups();
        assertThat(wakeups.nextWakeMs()).isEqualTo(FetchWakeups.NEVER);
        FetchWakeups.Source late = () -> 2_000;
        FetchWakeups.Source early = () -> 1_500;
        wakeups.register(late);
        wakeups.register(early);
        assertThat(wakeups.nextWakeMs()).isEqualTo(1_500);
        wakeups.unregister(early);
        assertThat(wakeups.nextWakeMs()).isEqualTo(2_000);
    }

    /** The proxy hands the shortened timeout to the real consumer and passes every other call through unchanged. */
    @Test
    void proxyShortensPollAndForwardsEverythingElse() {
        AtomicLong lastTimeout = new AtomicLong(-1);
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                lastTimeout.set(timeout.toMillis());
                return super.poll(timeout);
            }
        };
        TopicPartition tp = new TopicPartition("t", 0);
        FetchWakeups wakeups = new FetchWakeups();
        AtomicLong wakeAt = new AtomicLong(FetchWakeups.NEVER);
        wakeups.register(wakeAt::get);
        var consumer = WakeupAwareConsumer.wrap(mock, wakeups, () -> 10_000, FetcherSettings.DEFAULT_GATHER,
                FetcherSettings.DEFAULT_CATCH_UP);
        consumer.assign(List.of(tp));
        mock.updateBeginningOffsets(Map.of(tp, 0L));

        consumer.poll(Duration.ofMillis(100));
        assertThat(lastTimeout).hasValue(100);
        wakeAt.set(10_003);
        consumer.poll(Duration.ofMillis(100));
        assertThat(lastTimeout).hasValue(3);
        assertThat(consumer.assignment()).containsExactly(tp);
        assertThat(consumer).isEqualTo(consumer).isNotEqualTo(mock);
    }

    /**
     * A fake clock that moves by exactly the timeout each consumer poll was given, and by each pause of the
     * wrapper's; records those timeouts and pauses.
     */
    private static final class TimedMock extends MockConsumer<byte[], byte[]> {
        final AtomicLong now = new AtomicLong(10_000);
        final List<Long> timeouts = new CopyOnWriteArrayList<>();
        final List<Long> pauses = new CopyOnWriteArrayList<>();

        TimedMock() {
            super(AutoOffsetResetStrategy.EARLIEST.name());
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            timeouts.add(timeout.toMillis());
            var records = super.poll(timeout);
            now.addAndGet(timeout.toMillis());
            return records;
        }

        /** What happens while the wrapper pauses (an answer comes, the broker gets doorbells); run one per pause. */
        final List<Runnable> pauseTasks = new CopyOnWriteArrayList<>();

        void pause(long ms) {
            pauses.add(ms);
            if (!pauseTasks.isEmpty()) {
                pauseTasks.remove(0).run();
            }
            now.addAndGet(ms);
        }

        Consumer<byte[], byte[]> wrapped(FetchWakeups wakeups) {
            return wrapped(wakeups, FetcherSettings.DEFAULT_GATHER);
        }

        Consumer<byte[], byte[]> wrapped(FetchWakeups wakeups, Duration gather) {
            return wrapped(wakeups, gather, FetcherSettings.DEFAULT_CATCH_UP);
        }

        Consumer<byte[], byte[]> wrapped(FetchWakeups wakeups, Duration gather, boolean catchUp) {
            return WakeupAwareConsumer.wrap(this, wakeups, now::get, gather, catchUp, this::pause);
        }
    }

    @Test
    void aLongPollIsMadeOfShortConsumerPolls() {
        TimedMock mock = new TimedMock();
        var consumer = mock.wrapped(new FetchWakeups());
        consumer.poll(Duration.ofMillis(450));
        assertThat(mock.timeouts).containsExactly(100L, 100L, 100L, 100L, 50L);
    }

    @Test
    void closingEndsALongPollAfterOneSlice() {
        TimedMock mock = new TimedMock();
        FetchWakeups wakeups = new FetchWakeups();
        var consumer = mock.wrapped(wakeups);
        mock.schedulePollTask(wakeups::closing);
        consumer.poll(Duration.ofMillis(500));
        assertThat(mock.timeouts).containsExactly(100L);
    }

    @Test
    void recordsOrANewAssignmentEndALongPoll() {
        TimedMock mock = new TimedMock();
        TopicPartition tp = new TopicPartition("t", 0);
        mock.assign(List.of(tp));
        mock.updateBeginningOffsets(Map.of(tp, 0L, new TopicPartition("t", 1), 0L));
        var consumer = mock.wrapped(new FetchWakeups());
        mock.schedulePollTask(() -> { });
        mock.schedulePollTask(() -> mock.addRecord(new ConsumerRecord<>("t", 0, 0, null, null)));
        assertThat(consumer.poll(Duration.ofMillis(500)).count()).isEqualTo(1);
        assertThat(mock.timeouts).hasSize(2);

        mock.timeouts.clear();
        mock.schedulePollTask(() -> mock.assign(List.of(tp, new TopicPartition("t", 1))));
        assertThat(consumer.poll(Duration.ofMillis(500)).isEmpty()).isTrue();
        assertThat(mock.timeouts).as("a rebalance inside the first slice").hasSize(1);
    }

    @Test
    void theGlobalConsumerIgnoresTheProcessorsWakeups() {
        TimedMock mock = new TimedMock();
        FetchWakeups wakeups = new FetchWakeups();
        wakeups.register(() -> mock.now.get() + 3);
        WakeupAwareConsumer.wrapGlobal(mock, wakeups, mock.now::get).poll(Duration.ofMillis(200));
        assertThat(mock.timeouts).containsExactly(100L, 100L);

        mock.timeouts.clear();
        mock.wrapped(wakeups).poll(Duration.ofMillis(200));
        assertThat(mock.timeouts).as("a main consumer follows them").containsExactly(3L);
    }

    /** A source with requests in flight: its wake-up is {@code wakeAt}. */
    private static FetchWakeups.Source awaiting(AtomicLong wakeAt) {
        return new FetchWakeups.Source() {
            @Override
            public long wakeAtMs() {
                return wakeAt.get();
            }

            @Override
            public boolean awaitingAnswers() {
                return true;
            }
        };
    }

    @Test
    void whileAnswersAreAwaitedTheWaitIsMadeOfOneMillisecondPollsWithoutReturningToStreams() {
        TimedMock mock = new TimedMock();
        FetchWakeups wakeups = new FetchWakeups();
        wakeups.register(awaiting(new AtomicLong(FetchWakeups.NEVER)));
        assertThat(wakeups.awaitingAnswers()).isTrue();

        assertThat(mock.wrapped(wakeups).poll(Duration.ofMillis(5)).isEmpty()).isTrue();

        assertThat(mock.timeouts).as("one call from Streams, five consumer polls").containsExactly(1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void anAnswerEndsTheWaitAfterThePollItCameInUnlessStreamsRanTheLoopLessThanAGatheringIntervalAgo() {
        TimedMock mock = new TimedMock();
        FetchWakeups wakeups = new FetchWakeups();
        AtomicLong wakeAt = new AtomicLong(FetchWakeups.NEVER);
        wakeups.register(awaiting(wakeAt));
        var consumer = mock.wrapped(wakeups);
        mock.schedulePollTask(() -> { });
        mock.schedulePollTask(() -> { });
        mock.schedulePollTask(() -> wakeAt.set(0)); // the HTTP client's thread: an answer waits

        assertThat(consumer.poll(Duration.ofMillis(500)).isEmpty()).isTrue();
        assertThat(mock.timeouts).as("no round for a while: handed over at once").containsExactly(1L, 1L, 1L);
        assertThat(mock.pauses).isEmpty();

        mock.timeouts.clear();
        wakeAt.set(FetchWakeups.NEVER); // the round forwarded it
        mock.pauseTasks.add(() -> wakeAt.set(0));
        assertThat(consumer.poll(Duration.ofMillis(500)).isEmpty()).isTrue();
        assertThat(mock.pauses).as("the next wait starts right after that round: the rest of the %s interval passes first",
                FetcherSettings.DEFAULT_GATHER).containsExactly(2L);
        assertThat(mock.timeouts).as("then one poll takes what the broker sent, and the answer is handed over").containsExactly(0L);
    }

    /** A consumer of two partitions whose stream thread has requests in flight, and whose loop just ran. */
    private static final class Busy {
        final TimedMock mock = new TimedMock();
        final TopicPartition p0 = new TopicPartition("t", 0);
        final TopicPartition p1 = new TopicPartition("t", 1);
        final Consumer<byte[], byte[]> consumer;

        Busy() {
            this(FetcherSettings.DEFAULT_GATHER);
        }

        Busy(Duration gather) {
            this(gather, FetcherSettings.DEFAULT_CATCH_UP);
        }

        Busy(Duration gather, boolean catchUp) {
            mock.assign(List.of(p0, p1));
            mock.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
            FetchWakeups wakeups = new FetchWakeups();
            wakeups.register(awaiting(new AtomicLong(FetchWakeups.NEVER)));
            consumer = mock.wrapped(wakeups, gather, catchUp);
            mock.schedulePollTask(() -> mock.addRecord(new ConsumerRecord<>("t", 0, 0L, null, null)));
            assertThat(consumer.poll(Duration.ofMillis(500)).count()).as("the first doorbell: handed over at once").isEqualTo(1);
            assertThat(mock.pauses).isEmpty();
            mock.timeouts.clear();
        }

        /** A doorbell reaches the broker while the wrapper pauses. */
        void ringWhilePausing(int partition, long offset) {
            mock.pauseTasks.add(() -> mock.addRecord(new ConsumerRecord<>("t", partition, offset, null, null)));
        }

        /** Doorbells the second consumer poll of the next wait finds (the response to the request the first one sent). */
        void ringForTheSecondPoll(Runnable more) {
            mock.schedulePollTask(() -> { });
            mock.schedulePollTask(more);
        }

        void add(int partition, long offset) {
            mock.addRecord(new ConsumerRecord<>("t", partition, offset, null, null));
        }
    }

    /**
     * With catch-up, a gathered round's first poll that finds doorbells is followed by one more, and both polls'
     * records are handed over together: the doorbells the next fetch response brings are handled in this round.
     */
    @Test
    void catchUpHandsOverWhatTheNextFetchResponseBringsInTheSameRound() {
        Busy busy = new Busy(FetcherSettings.DEFAULT_GATHER, true);
        busy.ringWhilePausing(1, 0);
        busy.ringForTheSecondPoll(() -> {
            busy.add(1, 1);
            busy.add(0, 1);
        });

        ConsumerRecords<byte[], byte[]> handed = busy.consumer.poll(Duration.ofMillis(500));

        assertThat(handed.records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(handed.records(busy.p0)).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(handed.nextOffsets()).containsEntry(busy.p1, new OffsetAndMetadata(2L, Optional.empty(), ""))
                .containsEntry(busy.p0, new OffsetAndMetadata(2L, Optional.empty(), ""));
        assertThat(busy.mock.timeouts).as("the round's poll, then one more of at most %s", WakeupAwareConsumer.ANSWER_SLICE)
                .containsExactly(1L, 1L);
    }

    @Test
    void catchUpThatFindsNothingHandsOverTheFirstPollsRecords() {
        Busy busy = new Busy(FetcherSettings.DEFAULT_GATHER, true);
        busy.ringWhilePausing(1, 0);

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(busy.mock.timeouts).containsExactly(1L, 1L);
    }

    @Test
    void withoutCatchUpAGatheredRoundPollsOnce() {
        Busy busy = new Busy(FetcherSettings.DEFAULT_GATHER, false);
        busy.ringWhilePausing(1, 0);
        busy.ringForTheSecondPoll(() -> busy.add(1, 1));

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(busy.mock.timeouts).containsExactly(1L);
    }

    /** Doorbells that come only after the round's first poll found none were not waiting: no second poll for them. */
    @Test
    void catchUpFollowsOnlyARoundsFirstPoll() {
        Busy busy = new Busy(FetcherSettings.DEFAULT_GATHER, true);
        busy.ringForTheSecondPoll(() -> busy.add(1, 0));
        busy.mock.schedulePollTask(() -> busy.add(1, 1));

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(busy.mock.timeouts).as("an empty poll, the one that found it").containsExactly(1L, 1L);
    }

    @Test
    void withoutGatheringThereIsNoCatchUp() {
        Busy busy = new Busy(Duration.ZERO, true);
        busy.add(1, 0);
        busy.ringForTheSecondPoll(() -> busy.add(1, 1));

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).count()).isEqualTo(1);
        assertThat(busy.mock.timeouts).containsExactly(1L);
    }

    @Test
    void aRebalanceInsideTheSecondPollLeavesOutThePartitionsItTookAway() {
        Busy busy = new Busy(FetcherSettings.DEFAULT_GATHER, true);
        busy.ringWhilePausing(1, 0);
        busy.ringForTheSecondPoll(() -> {
            busy.mock.assign(List.of(busy.p0));
            busy.add(0, 1);
        });

        ConsumerRecords<byte[], byte[]> handed = busy.consumer.poll(Duration.ofMillis(500));

        assertThat(handed.partitions()).as("p1's doorbell is read again by its next owner").containsExactly(busy.p0);
        assertThat(handed.records(busy.p0)).extracting(ConsumerRecord::offset).containsExactly(1L);
    }

    private static ConsumerRecords<byte[], byte[]> records(TopicPartition partition, long... offsets) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (long offset : offsets) {
            list.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, null));
        }
        return new ConsumerRecords<>(Map.of(partition, list),
                Map.of(partition, new OffsetAndMetadata(offsets[offsets.length - 1] + 1, Optional.empty(), "")));
    }

    @Test
    void mergeKeepsOffsetOrderAndTheLaterNextOffsetPerPartition() {
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        ConsumerRecords<byte[], byte[]> merged = WakeupAwareConsumer.merge(records(p0, 4, 5), records(p0, 6, 7), Set.of(p0, p1));
        assertThat(merged.records(p0)).extracting(ConsumerRecord::offset).containsExactly(4L, 5L, 6L, 7L);
        assertThat(merged.nextOffsets().get(p0).offset()).isEqualTo(8L);

        merged = WakeupAwareConsumer.merge(records(p0, 4, 5), records(p1, 9), Set.of(p0, p1));
        assertThat(merged.records(p0)).extracting(ConsumerRecord::offset).containsExactly(4L, 5L);
        assertThat(merged.records(p1)).extracting(ConsumerRecord::offset).containsExactly(9L);
        assertThat(merged.nextOffsets().get(p0).offset()).isEqualTo(6L);
        assertThat(merged.nextOffsets().get(p1).offset()).isEqualTo(10L);
    }

    @Test
    void mergeLeavesOutPartitionsNoLongerAssignedAndRecordsAPositionThatWentBackWouldRepeat() {
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        ConsumerRecords<byte[], byte[]> merged = WakeupAwareConsumer.merge(records(p1, 3), records(p0, 1), Set.of(p0));
        assertThat(merged.partitions()).containsExactly(p0);
        assertThat(merged.nextOffsets()).containsOnlyKeys(p0);

        merged = WakeupAwareConsumer.merge(records(p0, 4, 5), records(p0, 2, 3, 4, 5, 6), Set.of(p0));
        assertThat(merged.records(p0)).as("reassigned inside the second poll: read again from the committed offset")
                .extracting(ConsumerRecord::offset).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(merged.nextOffsets().get(p0).offset()).isEqualTo(7L);
    }

    /**
     * The rest of the interval passes without a consumer poll (each would take one fetch response and send the
     * next fetch request: one per doorbell); the first poll after it takes what came meanwhile.
     */
    @Test
    void whileRequestsAreInFlightAWaitStartingWithinAGatheringIntervalOfTheLastRoundFirstLetsItPass() {
        Busy busy = new Busy();
        busy.ringWhilePausing(1, 0);

        ConsumerRecords<byte[], byte[]> handed = busy.consumer.poll(Duration.ofMillis(500));

        assertThat(handed.records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(busy.mock.pauses).as("the %s interval since the last round", FetcherSettings.DEFAULT_GATHER).containsExactly(2L);
        assertThat(busy.mock.timeouts).as("no poll before its end, one after").containsExactly(1L);
    }

    @Test
    void aLongerGatheringIntervalLetsItsWholeRestPass() {
        Busy busy = new Busy(Duration.ofMillis(7));
        busy.ringWhilePausing(1, 0);

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).records(busy.p1)).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(busy.mock.pauses).containsExactly(7L);
    }

    @Test
    void noGatheringHandsOverAtOnceWhileRequestsAreInFlight() {
        Busy busy = new Busy(Duration.ZERO);
        busy.mock.schedulePollTask(() -> busy.mock.addRecord(new ConsumerRecord<>("t", 1, 0L, null, null)));

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).count()).as("a doorbell right after the last round").isEqualTo(1);
        assertThat(busy.mock.pauses).as("no pause with gathering off").isEmpty();
        assertThat(busy.mock.timeouts).as("one 1 ms poll that found it").containsExactly(1L);
    }

    @Test
    void aWaitStartingLaterThanAGatheringIntervalAfterTheLastRoundPollsAtOnce() {
        Busy busy = new Busy();
        busy.mock.now.addAndGet(FetcherSettings.DEFAULT_GATHER.toMillis());
        busy.mock.schedulePollTask(() -> busy.mock.addRecord(new ConsumerRecord<>("t", 1, 0L, null, null)));

        assertThat(busy.consumer.poll(Duration.ofMillis(500)).count()).isEqualTo(1);
        assertThat(busy.mock.pauses).isEmpty();
        assertThat(busy.mock.timeouts).containsExactly(1L);
    }

    @Test
    void aPollThatMayNotWaitIsNeverPaused() {
        Busy busy = new Busy();

        assertThat(busy.consumer.poll(Duration.ZERO).isEmpty()).isTrue();
        assertThat(busy.mock.pauses).isEmpty();
        assertThat(busy.mock.timeouts).containsExactly(0L);
    }

    @Test
    void withNothingInFlightADoorbellIsHandedOverAtOnce() {
        TimedMock mock = new TimedMock();
        TopicPartition p0 = new TopicPartition("t", 0);
        mock.assign(List.of(p0));
        mock.updateBeginningOffsets(Map.of(p0, 0L));
        FetchWakeups wakeups = new FetchWakeups();
        wakeups.register(() -> FetchWakeups.NEVER);
        var consumer = mock.wrapped(wakeups);
        mock.schedulePollTask(() -> mock.addRecord(new ConsumerRecord<>("t", 0, 0, null, null)));
        mock.schedulePollTask(() -> mock.addRecord(new ConsumerRecord<>("t", 0, 1, null, null)));

        assertThat(consumer.poll(Duration.ofMillis(500)).count()).isEqualTo(1);
        assertThat(consumer.poll(Duration.ofMillis(500)).count()).as("right after the last round too").isEqualTo(1);
        assertThat(mock.timeouts).containsExactly(100L, 100L);
    }

    @Test
    void withNothingInFlightTheWaitIsNotCutIntoMilliseconds() {
        TimedMock mock = new TimedMock();
        FetchWakeups wakeups = new FetchWakeups();
        long due = mock.now.get() + 150;
        wakeups.register(() -> due);
        assertThat(wakeups.awaitingAnswers()).isFalse();

        mock.wrapped(wakeups).poll(Duration.ofMillis(500));

        assertThat(mock.timeouts).as("up to the due fetch, in 100 ms slices").containsExactly(100L, 50L);
    }
}
