package dev.doorbell.fetcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * loop; so {@code poll.ms} can be long while close stays quick. The global consumer gets the same
 * slicing without the wake-ups ({@link #wrapGlobal}).
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
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.equals(poll)) {
                        return slicedPoll(consumer, (Duration) args[0], wakeups, followWakeups, clockMs);
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
                                                             boolean followWakeups, LongSupplier clockMs) {
        long deadline = clockMs.getAsLong() + timeout.toMillis();
        Set<TopicPartition> assignment = null; // taken only if the wait is longer than one consumer poll
        boolean polled = false;
        while (true) {
            long now = clockMs.getAsLong();
            Duration left = Duration.ofMillis(Math.max(0, deadline - now));
            if (followWakeups) {
                left = budget(left, wakeups.nextWakeMs(), now);
            }
            if (polled && left.isZero()) {
                return ConsumerRecords.empty(); // a wake-up came due (an answer waits): back to Streams' loop
            }
            Duration slice = slice(left, followWakeups && wakeups.awaitingAnswers());
            if (assignment == null && slice.compareTo(left) < 0) {
                assignment = consumer.assignment();
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(slice);
            polled = true;
            if (!records.isEmpty() || slice.equals(left) || wakeups.isClosing()
                    || assignment != null && !consumer.assignment().equals(assignment)) {
                return records;
            }
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
