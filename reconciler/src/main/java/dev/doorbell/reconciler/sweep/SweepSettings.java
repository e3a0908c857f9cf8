package dev.doorbell.reconciler.sweep;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link WatcherSweep}.
 *
 * @param period    time between the starts of sweeps (omicron's instance watcher: 30 s)
 * @param jitter    each delay is {@code period} times a factor drawn uniformly from {@code [1 - jitter, 1 + jitter]}, 0..0.5
 * @param batchSize VMM ids read per query (keyset pages)
 * @param lockKey   the PostgreSQL advisory lock key that makes one reconciler sweep at a time
 * @param spread    share of the period, 0..1, a sweep's rings are spread over at a steady pace; 0 rings them all at once
 * @param minRate   rings per second a sweep never goes below (so a small fleet finishes at once rather than
 *                  trickling over the whole spread); 0 for none
 */
public record SweepSettings(Duration period, double jitter, int batchSize, long lockKey, double spread, double minRate) {

    /** "sweep" in ASCII; distinct from the migrations' lock. */
    public static final long DEFAULT_LOCK_KEY = 0x7377656570L;
    /** Half the period: a sweep ends well before the next one is due, even with jitter. */
    public static final double DEFAULT_SPREAD = 0.5;
    /** A pace far below what the fetchers take in, so it cannot crowd out the sleds' own rings. */
    public static final double DEFAULT_MIN_RATE = 1000;

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
        if (!(spread >= 0 && spread <= 1)) {
            throw new IllegalArgumentException("spread must be within 0..1, was " + spread);
        }
        if (!(minRate >= 0 && minRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("minRate must be finite and not negative, was " + minRate);
        }
    }

    /** Every 30 s ± 10 %, 1000 ids per batch, rings spread over half the period at 1000/s or faster. */
    public static SweepSettings defaults() {
        return new SweepSettings(Duration.ofSeconds(30), 0.1, 1000, DEFAULT_LOCK_KEY, DEFAULT_SPREAD, DEFAULT_MIN_RATE);
    }

    public SweepSettings withPeriod(Duration value) {
        return new SweepSettings(value, jitter, batchSize, lockKey, spread, minRate);
    }

    public SweepSettings withBatchSize(int value) {
        return new SweepSettings(period, jitter, value, lockKey, spread, minRate);
    }

    public SweepSettings withSpread(double value) {
        return new SweepSettings(period, jitter, batchSize, lockKey, value, minRate);
    }

    public SweepSettings withMinRate(double value) {
        return new SweepSettings(period, jitter, batchSize, lockKey, spread, value);
    }

    /** VMMs whose newest observation is older than this are counted as overdue: two periods. */
    public Duration overdueAfter() {
        return period.multipliedBy(2);
    }

    /**
     * How long a sweep of {@code vmms} rings takes: {@code spread} of the period, or less if ringing
     * them at {@code minRate} takes less.
     */
    public Duration window(long vmms) {
        long spreadNanos = (long) (period.toNanos() * spread);
        if (minRate == 0) {
            return Duration.ofNanos(spreadNanos);
        }
        double atMinRate = vmms / minRate * 1e9;
        return Duration.ofNanos(atMinRate < spreadNanos ? (long) atMinRate : spreadNanos);
    }
}
