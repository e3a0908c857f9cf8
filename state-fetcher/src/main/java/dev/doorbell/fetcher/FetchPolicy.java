package dev.doorbell.fetcher;

import dev.doorbell.model.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing rules of the per-VMM work queue.
 *
 * <p>Re-fetch spacing: the first fetch of a burst starts at once; each further fetch of the burst
 * starts at least {@code minRefetchInterval} after the previous start, the spacing doubling with
 * each re-fetch of the burst up to {@code maxRefetchInterval}. A burst ends when its VMM has not
 * rung for {@code maxRefetchInterval} after its last fetch started. So an isolated second change
 * waits at most {@code minRefetchInterval}, while a long burst is fetched about once per
 * {@code maxRefetchInterval}. Equal intervals give a fixed spacing.
 *
 * @param minRefetchInterval successive fetches of one VMM start at least this far apart
 * @param maxRefetchInterval the spacing a burst's re-fetches grow to; at least {@code minRefetchInterval}
 * @param initialBackoff first retry delay after a failed fetch; doubles per consecutive failure
 * @param maxBackoff cap of the retry delay
 * @param giveUpAfter after failing this long the fetcher emits {@code SledUnreachable} and drops the VMM
 * @param placementWait how long a VMM without a known placement (or sled address) waits before it is dead-lettered
 */
public record FetchPolicy(Duration minRefetchInterval, Duration maxRefetchInterval, Duration initialBackoff, Duration maxBackoff,
                          Duration giveUpAfter, Duration placementWait) {

    /** Doublings after which the spacing stops growing, whatever the intervals (2^20 is beyond any sensible ratio). */
    private static final int MAX_DOUBLINGS = 20;

    public FetchPolicy {
        Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        Objects.requireNonNull(maxRefetchInterval, "maxRefetchInterval");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(giveUpAfter, "giveUpAfter");
        Objects.requireNonNull(placementWait, "placementWait");
        if (minRefetchInterval.isNegative() || placementWait.isNegative()) {
            throw new IllegalArgumentException("minRefetchInterval and placementWait must be >= 0");
        }
        if (maxRefetchInterval.compareTo(minRefetchInterval) < 0) {
            throw new IllegalArgumentException("maxRefetchInterval must be >= minRefetchInterval");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
        }
    }

    /** A fixed spacing: every re-fetch at least {@code refetchInterval} after the previous start. */
    public FetchPolicy(Duration refetchInterval, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter,
                       Duration placementWait) {
        this(refetchInterval, refetchInterval, initialBackoff, maxBackoff, giveUpAfter, placementWait);
    }

    /**
     * Re-fetches 25 ms apart at first, doubling to 100 ms; back-off 100 ms doubling to 5 s, give up after 60 s, wait
     * 30 s for a placement.
     */
    public static FetchPolicy defaults() {
        return new FetchPolicy(Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /** @return these rules with re-fetches spaced from {@code min} doubling to {@code max} */
    public FetchPolicy withRefetchSpacing(Duration min, Duration max) {
        return new FetchPolicy(min, max, initialBackoff, maxBackoff, giveUpAfter, placementWait);
    }

    /**
     * The least time between the start of a burst's fetch and the next one's, after {@code refetches}
     * re-fetches of the burst: {@code minRefetchInterval} doubled {@code refetches} times, at most
     * {@code maxRefetchInterval}.
     */
    long refetchSpacingMs(int refetches) {
        long min = minRefetchInterval.toMillis();
        long max = maxRefetchInterval.toMillis();
        return Math.min(max, min << Math.min(Math.max(0, refetches), MAX_DOUBLINGS));
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
