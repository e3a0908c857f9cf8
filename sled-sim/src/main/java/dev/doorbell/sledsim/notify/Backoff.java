package dev.doorbell.sledsim.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt {@code n} (1-based) waits a random time in
 * {@code [d/2, d]} where {@code d = min(max, initial * 2^(n-1))}.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** 250 ms doubling up to 30 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    public long delayMillis(int attempt) {
        long initialMs = Math.max(1, initial.toMillis());
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long d = Math.min(max.toMillis(), initialMs << shift);
        return d / 2 + ThreadLocalRandom.current().nextLong(d - d / 2 + 1);
    }
}
