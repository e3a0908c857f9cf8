package dev.doorbell.fetcher;

import dev.doorbell.model.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing rules of the per-VMM work queue.
 *
 * @param minRefetchInterval successive fetches of one VMM start at least this far apart
 * @param initialBackoff first retry delay after a failed fetch; doubles per consecutive failure
 * @param maxBackoff cap of the retry delay
 * @param giveUpAfter after failing this long the fetcher emits {@code SledUnreachable} and drops the VMM
 * @param placementWait how long a VMM without a known placement (or sled address) waits before it is dead-lettered
 */
public record FetchPolicy(Duration minRefetchInterval, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter,
                          Duration placementWait) {

    public FetchPolicy {
        Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(giveUpAfter, "giveUpAfter");
        Objects.requireNonNull(placementWait, "placementWait");
        if (minRefetchInterval.isNegative() || placementWait.isNegative()) {
            throw new IllegalArgumentException("minRefetchInterval and placementWait must be >= 0");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
        }
    }

    /** 100 ms between fetches of a VMM, back-off 100 ms doubling to 5 s, give up after 60 s, wait 30 s for a placement. */
    public static FetchPolicy defaults() {
        return new FetchPolicy(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }

    /** The back-off after {@code failures} consecutive failures, {@code u} in [0, 1] choosing its jitter ({@link Backoff}). */
    long backoffMs(int failures, double u) {
        return Math.max(1, new Backoff(initialBackoff, maxBackoff).delay(failures, u).toMillis());
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
