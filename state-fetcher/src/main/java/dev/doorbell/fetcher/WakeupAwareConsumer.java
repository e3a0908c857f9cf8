package dev.doorbell.fetcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * loop runs at most once per {@link #GATHER}: an answer or doorbell that comes sooner after the last
 * round waits for the end of that interval, the records of every consumer poll in it are gathered
 * (minus partitions a rebalance took away), and Streams gets them, with the answers that came
 * meanwhile, in one round. The global consumer gets the same slicing without the wake-ups or the
 * gathering ({@link #wrapGlobal}).
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
    /**
     * While requests are in flight, Streams' loop runs at most once per this interval: an answer or a
     * doorbell that comes sooner after the last round waits for the interval's end with whatever else
     * comes meanwhile, and all of it is handed over in one round. A round of the loop costs about the
     * same for one record as for twenty (metrics, task bookkeeping, commit checks); at 1,000 rings/s
     * a ring and an answer each arrive about every millisecond, so the loop had run once or twice per
     * change. Something that comes later than this after the last round, or with nothing in flight, is
     * handed over at once, so a quiet fetcher adds no latency. Measured in docs/PERFORMANCE.md.
     */
    static final Duration GATHER = Duration.ofMillis(2);

    private WakeupAwareConsumer() {}

    /** A stream thread's main consumer: polls end at the processors' next wake-up. */
    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs) {
        return proxy(consumer, wakeups, true, clockMs);
    }

    /** The global (directory) consumer: polls end early only for records, a new assignment or closing. */
    static Consumer<byte[], byte[]> wrapGlobal(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs) {
        return proxy(consumer, wakeups, false, clockMs);
    }

    @SuppressWarnings("unchecked")
    private static Consumer<byte[], byte[]> proxy(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, boolean followWakeups,
                                                  LongSupplier clockMs) {
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
                        return slicedPoll(consumer, (Duration) args[0], wakeups, followWakeups, clockMs, lastHandOverMs);
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

    private static ConsumerRecords<byte[], byte[]> slicedPoll(Consumer<byte[], byte[]> consumer, Duration timeout, FetchWakeups wakeups,
                                                             boolean followWakeups, LongSupplier clockMs, long[] lastHandOverMs) {
        return new Wait(consumer, wakeups, followWakeups, clockMs, clockMs.getAsLong() + timeout.toMillis(), lastHandOverMs).run();
    }

    /** One call of the main or global consumer's {@code poll}: consumer polls until something is worth a round of Streams' loop. */
    private static final class Wait {
        private final Consumer<byte[], byte[]> consumer;
        private final FetchWakeups wakeups;
        private final boolean followWakeups;
        private final LongSupplier clockMs;
        private final long deadlineMs;
        private final long[] lastHandOverMs;
        private Set<TopicPartition> assignment; // taken only if the wait is longer than one consumer poll
        private Gathered gathered; // while requests are in flight: what came since the last round, until the interval ends
        private boolean polled;

        Wait(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, boolean followWakeups, LongSupplier clockMs, long deadlineMs,
             long[] lastHandOverMs) {
            this.consumer = consumer;
            this.wakeups = wakeups;
            this.followWakeups = followWakeups;
            this.clockMs = clockMs;
            this.deadlineMs = deadlineMs;
            this.lastHandOverMs = lastHandOverMs;
        }

        ConsumerRecords<byte[], byte[]> run() {
            while (true) {
                long now = clockMs.getAsLong();
                boolean busy = followWakeups && wakeups.awaitingAnswers();
                Duration left = left(now);
                if (polled && left.isZero() && gathered == null && busy) {
                    gather(now); // an answer waits (or a fetch is due): if the last round was recent, others may come
                    left = left(now);
                }
                if (polled && left.isZero()) {
                    return handOver(ConsumerRecords.empty());
                }
                Duration slice = slice(left, busy || gathered != null);
                if (assignment == null && slice.compareTo(left) < 0) {
                    assignment = consumer.assignment();
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(slice);
                polled = true;
                if (received(records, busy) || gathered == null && slice.equals(left)) {
                    return handOver(records);
                }
            }
        }

        /** Takes what one consumer poll brought; true if the wait ends with it. */
        private boolean received(ConsumerRecords<byte[], byte[]> records, boolean busy) {
            if (!records.isEmpty() && gathered == null && busy && !wakeups.isClosing()) {
                gather(clockMs.getAsLong());
            }
            if (gathered != null) {
                gathered.add(records);
            }
            boolean rebalanced = assignment != null && !consumer.assignment().equals(assignment);
            return wakeups.isClosing() || rebalanced || gathered == null && !records.isEmpty();
        }

        /** How long this wait may still go on: to the caller's timeout, the next wake-up or the end of the gathering window. */
        private Duration left(long now) {
            if (gathered != null) {
                return Duration.ofMillis(Math.max(0, gathered.untilMs - now));
            }
            Duration left = Duration.ofMillis(Math.max(0, deadlineMs - now));
            return followWakeups ? budget(left, wakeups.nextWakeMs(), now) : left;
        }

        /**
         * Something came while requests are in flight. If Streams' loop last ran less than {@link #GATHER}
         * ago, the wait goes on until then, gathering what else comes; otherwise it ends now.
         */
        private void gather(long now) {
            long nextRoundMs = lastHandOverMs[0] + GATHER.toMillis();
            if (nextRoundMs <= now) {
                return;
            }
            gathered = new Gathered(nextRoundMs);
            if (assignment == null) {
                assignment = consumer.assignment();
            }
        }

        private ConsumerRecords<byte[], byte[]> handOver(ConsumerRecords<byte[], byte[]> last) {
            lastHandOverMs[0] = clockMs.getAsLong();
            return gathered == null ? last : gathered.records(consumer.assignment());
        }
    }

    /** Records gathered over several consumer polls, handed to Streams as one poll's. */
    private static final class Gathered {
        final long untilMs;
        private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();

        Gathered(long untilMs) {
            this.untilMs = untilMs;
        }

        void add(ConsumerRecords<byte[], byte[]> polled) {
            for (TopicPartition partition : polled.partitions()) {
                records.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(polled.records(partition));
            }
            nextOffsets.putAll(polled.nextOffsets());
        }

        /** What was gathered for the partitions still assigned (a rebalance inside a poll may have taken some away). */
        ConsumerRecords<byte[], byte[]> records(Set<TopicPartition> assigned) {
            records.keySet().retainAll(assigned);
            nextOffsets.keySet().retainAll(assigned);
            return records.isEmpty() && nextOffsets.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(records, nextOffsets);
        }
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
