package dev.doorbell.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry back-off of Doorbell, used by the sled's notifications, the doorbell publisher, the
 * state fetcher and the reconciler: retry {@code n} (1-based) waits {@code d = min(max, initial ×
 * 2^(n-1))} scaled by a factor drawn uniformly from {@code [1/2, 1]} ("equal jitter"): never more
 * than {@code d}, never less than half of it, so retriers that failed together spread out while the
 * cap still holds.
 *
 * @param initial the first retry's {@code d}
 * @param max     the cap of {@code d}
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The delay before retry {@code attempt} (1-based; less counts as 1), with a random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay before retry {@code attempt} (1-based; less counts as 1), {@code u} in {@code [0, 1]}
     * choosing the jitter: {@code 0} gives {@code d / 2}, {@code 1} gives {@code d}. For callers that
     * must be deterministic (a stream task's random source, a property test).
     */
    public Duration delay(int attempt, double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("u must be within 0..1, was " + u);
        }
        long cap = max.toNanos();
        long d = Math.min(initial.toNanos(), cap);
        for (int i = 1; i < attempt && d < cap; i++) {
            d = d > cap / 2 ? cap : d * 2;
        }
        return Duration.ofNanos(Math.max(1, (long) (d * (0.5 + 0.5 * u))));
    }
}
