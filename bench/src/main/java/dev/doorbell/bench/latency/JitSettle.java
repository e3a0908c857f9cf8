package dev.doorbell.bench.latency;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides when the JIT has settled: its total compilation time grew by less than
 * {@code maxGrowthMillis} over the last {@code window}, or {@code timeout} passed first. The at-rest
 * window is only meaningful once compilation has quietened; measuring right after warm-up would
 * charge the still-running compilations to "rest". One instance watches one wait.
 *
 * @param window          how long the growth is measured over
 * @param maxGrowthMillis compilation milliseconds allowed within {@code window} for "settled"
 * @param timeout         give up waiting after this long
 * @param poll            how often {@link #await} samples
 */
public record JitSettle(Duration window, long maxGrowthMillis, Duration timeout, Duration poll) {

    /** The bench's rule: less than 10 ms of compilation over 2 s, checked every 100 ms, at most 30 s. */
    public static final JitSettle DEFAULT = new JitSettle(Duration.ofSeconds(2), 10, Duration.ofSeconds(30), Duration.ofMillis(100));

    public JitSettle {
        if (window.isNegative() || window.isZero() || maxGrowthMillis < 0 || timeout.isNegative() || poll.isNegative()
                || poll.isZero()) {
            throw new IllegalArgumentException("window and poll must be positive, growth and timeout not negative");
        }
    }

    /** How a wait ended. */
    public sealed interface Outcome {
        /** @return how long was waited */
        Duration waited();

        /** Compilation grew by less than the limit over a full window. */
        record Settled(Duration waited) implements Outcome {}

        /** The timeout passed first; the at-rest figure may include compilation. */
        record TimedOut(Duration waited) implements Outcome {}
    }

    /**
     * Samples {@code jitMillis} at {@code nanoTime} until settled or timed out, calling {@code pause}
     * (which waits {@link #poll()} in a real run) between samples.
     */
    public Outcome await(LongSupplier nanoTime, LongSupplier jitMillis, Runnable pause) {
        Watch watch = watch(nanoTime.getAsLong(), jitMillis.getAsLong());
        while (true) {
            pause.run();
            Optional<Outcome> outcome = watch.observe(nanoTime.getAsLong(), jitMillis.getAsLong());
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
    }

    /**
     * Starts watching at {@code nowNanos} with {@code jitMillis} compiled so far, for a caller that
     * samples between steps of its own (a lead-in that keeps the load running) instead of waiting.
     */
    public Watch watch(long nowNanos, long jitMillis) {
        return new Watch(nowNanos, jitMillis);
    }

    /** The samples of one wait; keeps just enough of them to span one window. */
    public final class Watch {
        private record Sample(long nanos, long jitMillis) {}

        private final long startNanos;
        private final Deque<Sample> samples = new ArrayDeque<>();

        private Watch(long startNanos, long jitMillis) {
            this.startNanos = startNanos;
            samples.add(new Sample(startNanos, jitMillis));
        }

        /** @return the outcome once decided, empty while still waiting */
        public Optional<Outcome> observe(long nowNanos, long jitMillis) {
            samples.addLast(new Sample(nowNanos, jitMillis));
            long cutoff = nowNanos - window.toNanos();
            // Keep the newest sample at or before the cutoff as the window's start; drop the older ones.
            while (samples.size() > 1) {
                Sample first = samples.removeFirst();
                if (samples.getFirst().nanos() > cutoff) {
                    samples.addFirst(first);
                    break;
                }
            }
            Duration waited = Duration.ofNanos(nowNanos - startNanos);
            Sample anchor = samples.getFirst();
            if (anchor.nanos() <= cutoff && jitMillis - anchor.jitMillis() < maxGrowthMillis) {
                return Optional.of(new Outcome.Settled(waited));
            }
            if (waited.compareTo(timeout) >= 0) {
                return Optional.of(new Outcome.TimedOut(waited));
            }
            return Optional.empty();
        }
    }
}
