package dev.doorbell.fetcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A stream thread's main consumer whose {@code poll(timeout)} waits no longer than the fetch
 * processors' next wake-up ({@link FetchWakeups}); every other call goes straight to the Kafka
 * consumer. A dynamic proxy, so the wrapper needs no change when the {@link Consumer} interface grows.
 */
final class WakeupAwareConsumer {

    private WakeupAwareConsumer() {}

    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> consumer, FetchWakeups wakeups, LongSupplier clockMs) {
        Method poll;
        try {
            poll = Consumer.class.getMethod("poll", Duration.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Consumer.poll(Duration) is missing", e);
        }
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.equals(poll)) {
                        return consumer.poll(budget((Duration) args[0], wakeups.nextWakeMs(), clockMs.getAsLong()));
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

    /** How long a poll asked to wait {@code timeout} may block when the next wake-up is at {@code wakeAtMs}. */
    static Duration budget(Duration timeout, long wakeAtMs, long nowMs) {
        if (wakeAtMs == FetchWakeups.NEVER) {
            return timeout;
        }
        long untilWake = Math.max(0, wakeAtMs - nowMs);
        return untilWake < timeout.toMillis() ? Duration.ofMillis(untilWake) : timeout;
    }
}
