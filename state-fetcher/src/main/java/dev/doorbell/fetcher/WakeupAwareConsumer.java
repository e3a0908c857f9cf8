package dev.doorbell.fetcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A stream thread's main consumer whose {@code poll(timeout)} waits no longer than the fetch
 * processors' next wake-up ({@link FetchWakeups}); every other call goes straight to the Kafka
 * consumer. A dynamic proxy, so the wrapper needs no change when the {@link Consumer} interface grows.
 *
 * <p>A long wait is made of consumer polls of at most {@link #SLICE} ({@link #ANSWER_SLICE} while
 * requests are in flight), so it can end early: when records arrive (as any poll), when an answer
 * waits to be forwarded, when the consumer's assignment changed (a rebalance ran inside the poll:
 * Streams should see it at once), and when the fetcher is {@linkplain FetchWakeups#closing()
 * closing} (Kafka Streams does not wake its threads on close; it waits for their poll to return).
 * A consumer poll with a fetch already in flight costs next to nothing, unlike a round of Streams'
 * loop; so {@code poll.ms} can be long while close stays quick. While requests are in flight Streams'
 * loop runs at most once per gathering interval ({@link FetcherSettings#gather()}): a wait that starts sooner after
 * the last round first lets the rest of that interval pass without a consumer poll, so what comes meanwhile (answers,
 * doorbells) reaches Streams in one round and the consumer sends one fetch request per round, not one per
 * doorbell. A round of the loop costs about the same for one record as for twenty (metrics, task bookkeeping, commit
 * checks), and a consumer poll that finds a fetch response sends the next fetch request; at 1,000 rings/s a ring and an
 * answer each arrive about every millisecond, so without gathering the loop ran once or twice per change and the
 * consumer fetched 0.8 times per change. A round's poll that finds doorbells is followed by one more, the catch-up
 * ({@link FetcherSettings#catchUp()}, off by default): the first poll's fetch request is answered at once with the
 * doorbells that came since the previous response, and the second takes them into the same round instead of the next.
 * With nothing in flight the wait starts with a poll and what comes is handed over at once, so a quiet fetcher adds no
 * latency. Measured in docs/PERFORMANCE.md. The global consumer gets the
 * same slicing without the wake-ups or the gathering ({@link #wrapGlobal}).
 */
final class WakeupAwareConsumer {

    /** The longest single consumer poll inside a longer wait. */
    static final Duration SLICE = Duration.ofMillis(100);
    /**
     * The longest single consumer poll while requests are in flight: how soon an answer that came is
     * seen. The wait goes on after it unless an answer waits (or records came), so Streams' loop does
     * not run every millisecond for nothing.
     */
    static final Duration ANSWER_SLICE = Duration.ofMillis(1);

    /** How a wait lets time pass without a consumer poll: the thread parks; tests move a fake clock instead. */
    @FunctionalInterface
    interface Pause {
        /** Lets about {@code ms} milliseconds pass (less is allowed: the caller looks at its clock again). */
        void pause(long ms);

        Pause PARK = ms -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private WakeupAwareConsumer() {}

    /**
     * A stream thread's main consumer: polls end at the processors' next wake-up; rounds gathered over {@code gather};
     * with {@code catchUp}, a gathered round's poll that finds doorbells is followed by one more ({@link Wait#catchUp}).
     */
    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs, Duration gather,
                                         boolean catchUp) {
        return wrap(consumer, wakeups, clockMs, gather, catchUp, Pause.PARK);
    }

    /** As {@link #wrap(Consumer, FetchWakeups, LongSupplier, Duration, boolean)}, letting time pass with {@code pause}. */
    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs, Duration gather,
                                         boolean catchUp, Pause pause) {
        return proxy(consumer, wakeups, true, clockMs, gather.toMillis(), catchUp, pause);
    }

    /** The global (directory) consumer: polls end early only for records, a new assignment or closing. */
    static Consumer<byte[], byte[]> wrapGlobal(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs) {
        return proxy(consumer, wakeups, false, clockMs, 0, false, Pause.PARK);
    }

    @SuppressWarnings("unchecked")
    private static Consumer<byte[], byte[]> proxy(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, boolean followWakeups,
                                                  LongSupplier clockMs, long gatherMs, boolean catchUp, Pause pause) {
        Method poll;
        try {
            poll = Consumer.class.getMethod("poll", Duration.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Consumer.poll(Duration) is missing", e);
        }
        long[] lastHandOverMs = {Long.MIN_VALUE / 2}; // this consumer's stream thread only
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.equals(poll)) {
                        return new Wait(consumer, wakeups, followWakeups, clockMs, pause, clockMs.getAsLong() + ((Duration) args[0]).toMillis(),
                                gatherMs, catchUp, lastHandOverMs).run();
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "WakeupAwareConsumer(" + consumer + ")";
                        };
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** One call of the main or global consumer's {@code poll}: consumer polls until something is worth a round of Streams' loop. */
    private static final class Wait {
        private final Consumer<byte[], byte[]> consumer;
        private final FetchWakeups wakeups;
        private final boolean followWakeups;
        private final LongSupplier clockMs;
        private final Pause pause;
        private final long deadlineMs;
        private final long gatherMs;
        private final boolean catchUp;
        private final long[] lastHandOverMs;
        private Set<TopicPartition> assignment; // taken only if the wait is longer than one consumer poll
        private boolean polled;

        Wait(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, boolean followWakeups, LongSupplier clockMs, Pause pause,
             long deadlineMs, long gatherMs, boolean catchUp, long[] lastHandOverMs) {
            this.consumer = consumer;
            this.wakeups = wakeups;
            this.followWakeups = followWakeups;
            this.clockMs = clockMs;
            this.pause = pause;
            this.deadlineMs = deadlineMs;
            this.gatherMs = gatherMs;
            this.catchUp = catchUp;
            this.lastHandOverMs = lastHandOverMs;
        }

        ConsumerRecords<byte[], byte[]> run() {
            boolean gathered = gathers();
            if (gathered) {
                restOfInterval();
            }
            while (true) {
                long now = clockMs.getAsLong();
                Duration left = left(now);
                if (polled && left.isZero()) {
                    return handOver(ConsumerRecords.empty());
                }
                Duration slice = slice(left, followWakeups && wakeups.awaitingAnswers());
                if (assignment == null && slice.compareTo(left) < 0) {
                    assignment = consumer.assignment();
                }
                boolean mayCatchUp = catchUp && gathered && !polled;
                ConsumerRecords<byte[], byte[]> records = consumer.poll(slice);
                polled = true;
                if (mayCatchUp && !records.isEmpty()) {
                    return handOver(catchUp(records));
                }
                if (!records.isEmpty() || slice.equals(left) || endsWait()) {
                    return handOver(records);
                }
            }
        }

        /** Whether this wait gathers: requests are in flight, and it may wait at all. */
        private boolean gathers() {
            return followWakeups && gatherMs > 0 && wakeups.awaitingAnswers() && deadlineMs > clockMs.getAsLong();
        }

        /**
         * While requests are in flight, the rest of the gathering interval since the last round passes
         * without a consumer poll: each poll would take the one fetch response that came and send the next
         * fetch request, one request per doorbell, and each answer would be a round of its own. What comes
         * meanwhile (answers; doorbells, at the broker or in the socket) waits for the first poll after it.
         */
        private void restOfInterval() {
            long until = lastHandOverMs[0] + gatherMs;
            for (long now = clockMs.getAsLong(); now < until && !wakeups.isClosing(); now = clockMs.getAsLong()) {
                pause.pause(until - now);
            }
        }

        /**
         * A gathered round's first poll found doorbells, so they waited at the broker or in the socket: that poll took
         * the response to the fetch request the previous round sent, which the broker answered with the first doorbell
         * after it, and sent the next request, which the broker answers at once with the doorbells that came since.
         * One more consumer poll (at most {@link #ANSWER_SLICE}) takes that response too, so those doorbells are handled
         * in this round rather than the next: a round less for most doorbells, for a second fetch request per round.
         * The records of both polls are handed over as one batch, in offset order per partition; a partition the second
         * poll's rebalance took away is left out (its records are fetched again by its next owner from the committed
         * offset), and a partition whose position went back (reassigned within that poll) keeps only the second's.
         */
        private ConsumerRecords<byte[], byte[]> catchUp(ConsumerRecords<byte[], byte[]> first) {
            Set<TopicPartition> before = consumer.assignment();
            ConsumerRecords<byte[], byte[]> second = consumer.poll(ANSWER_SLICE);
            Set<TopicPartition> after = second.isEmpty() ? before : consumer.assignment();
            if (second.isEmpty() && after.equals(before)) {
                return first;
            }
            return merge(first, second, after);
        }

        /** Whether the wait ends after an empty consumer poll: the fetcher closes, or a rebalance ran inside the poll. */
        private boolean endsWait() {
            return wakeups.isClosing() || assignment != null && !consumer.assignment().equals(assignment);
        }

        /** How long this wait may still go on: to the caller's timeout or the next wake-up. */
        private Duration left(long now) {
            Duration left = Duration.ofMillis(Math.max(0, deadlineMs - now));
            return followWakeups ? budget(left, wakeups.nextWakeMs(), now) : left;
        }

        private ConsumerRecords<byte[], byte[]> handOver(ConsumerRecords<byte[], byte[]> records) {
            lastHandOverMs[0] = clockMs.getAsLong();
            return records;
        }
    }

    /**
     * {@code first}'s and {@code second}'s records as one batch, {@code second}'s after {@code first}'s per partition,
     * only for partitions in {@code assigned}; {@code first}'s are left out for a partition whose {@code second} records
     * do not follow them (its position went back).
     */
    static <K, V> ConsumerRecords<K, V> merge(ConsumerRecords<K, V> first, ConsumerRecords<K, V> second, Set<TopicPartition> assigned) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : first.partitions()) {
            List<ConsumerRecord<K, V>> earlier = first.records(partition);
            List<ConsumerRecord<K, V>> later = second.records(partition);
            boolean follows = later.isEmpty() || later.get(0).offset() > earlier.get(earlier.size() - 1).offset();
            if (assigned.contains(partition) && follows) {
                records.put(partition, new ArrayList<>(earlier));
                OffsetAndMetadata offset = first.nextOffsets().get(partition);
                if (offset != null) {
                    next.put(partition, offset);
                }
            }
        }
        for (TopicPartition partition : second.partitions()) {
            if (assigned.contains(partition)) {
                records.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(second.records(partition));
                OffsetAndMetadata offset = second.nextOffsets().get(partition);
                if (offset != null) {
                    next.put(partition, offset);
                }
            }
        }
        return new ConsumerRecords<>(records, next);
    }

    /** The next consumer poll of a wait with {@code left} to go: at most {@link #SLICE}, or {@link #ANSWER_SLICE} while answers are awaited. */
    private static Duration slice(Duration left, boolean awaitingAnswers) {
        Duration most = awaitingAnswers ? ANSWER_SLICE : SLICE;
        return left.compareTo(most) > 0 ? most : left;
    }

    /** How long a poll asked to wait {@code timeout} may block when the next wake-up is at {@code wakeAtMs}. */
    static Duration budget(Duration timeout, long wakeAtMs, long nowMs) {
        if (wakeAtMs == FetchWakeups.NEVER) {
            return timeout;
        }
        long untilWake = Math.max(0, wakeAtMs - nowMs);
        return untilWake < timeout.toMillis() ? Duration.ofMillis(untilWake) : timeout;
    }
}
