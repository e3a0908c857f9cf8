package dev.doorbell.reconciler.sweep;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link WatcherSweep}.
 *
 * @param period    time between sweeps (omicron's instance watcher: 30 s)
 * @param jitter    each delay is {@code period} times a factor drawn uniformly from {@code [1 - jitter, 1 + jitter]}, 0..0.5
 * @param batchSize VMM ids read per query (keyset pages)
 * @param lockKey   the PostgreSQL advisory lock key that makes one reconciler sweep at a time
 */
public record SweepSettings(Duration period, double jitter, int batchSize, long lockKey) {

    /** "sweep" in ASCII; distinct from the migrations' lock. */
    public static final long DEFAULT_LOCK_KEY = 0x7377656570L;

    public SweepSettings {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be within 0..0.5, was " + jitter);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be within 1..100000, was " + batchSize);
        }
    }

    /** Every 30 s ± 10 %, 1000 ids per batch. */
    public static SweepSettings defaults() {
        return new SweepSettings(Duration.ofSeconds(30), 0.1, 1000, DEFAULT_LOCK_KEY);
    }

    public SweepSettings withPeriod(Duration value) {
        return new SweepSettings(value, jitter, batchSize, lockKey);
    }

    public SweepSettings withBatchSize(int value) {
        return new SweepSettings(period, jitter, value, lockKey);
    }

    /** VMMs whose newest observation is older than this are counted as stale: two periods. */
    public Duration staleAfter() {
        return period.multipliedBy(2);
    }
}
