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
 * @param minRate   rings (and VMMs checked) per second a sweep never goes below (so a small fleet finishes at once
 *                  rather than trickling over the whole spread); 0 for none
 * @param checkSpread share of the period, 0..1, the checking half of a sweep (reading pages of VMMs and asking their
 *                  sleds) is paced over, page by page, before its rings are spread; 0 checks every page at once
 */
public record SweepSettings(Duration period, double jitter, int batchSize, long lockKey, double spread, double minRate,
                            double checkSpread) {

    /** "sweep" in ASCII; distinct from the migrations' lock. */
    public static final long DEFAULT_LOCK_KEY = 0x7377656570L;
    /**
     * Half the period. With the check's half ({@link #DEFAULT_CHECK_SPREAD}) a sweep that rings many VMMs (every VMM of a
     * sled that cannot be asked) lasts about a period and the next starts when it ends (sweeps never overlap); one that
     * rings few ends about half a period before the next is due.
     */
    public static final double DEFAULT_SPREAD = 0.5;
    /** A pace far below what the fetchers take in, so it cannot crowd out the sleds' own rings. */
    public static final double DEFAULT_MIN_RATE = 1000;
    /**
     * Half the period. A sweep of 100,000 VMMs that checked every page at once (100 bulk requests, the sleds serialising
     * 25,000 states each) was a 1-5 s burst that raised the p99 of changes made meanwhile 3.6-4.1x at 750-1,000
     * changes/s; paced over a quarter of the period it still raised it 1.25-4.9x at 1,000/s, over half 1.4x. A VMM is
     * still checked once a period (page {@code k} at the same offset in every sweep); a difference found is rung once
     * the check ends, so at most half a period later than with a check at once. Sweeps never overlap: one whose rings
     * take their own half too delays the next.
     */
    public static final double DEFAULT_CHECK_SPREAD = 0.5;

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
        requireShare(spread, "spread");
        if (!(minRate >= 0 && minRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("minRate must be finite and not negative, was " + minRate);
        }
        requireShare(checkSpread, "checkSpread");
    }

    /**
     * Every 30 s ± 10 %, 1000 ids per batch, the check paced over half the period and then the rings spread
     * over half of it, each at 1000 VMMs/s or faster.
     */
    public static SweepSettings defaults() {
        return new SweepSettings(Duration.ofSeconds(30), 0.1, 1000, DEFAULT_LOCK_KEY, DEFAULT_SPREAD, DEFAULT_MIN_RATE,
                DEFAULT_CHECK_SPREAD);
    }

    public SweepSettings withPeriod(Duration value) {
        return new SweepSettings(value, jitter, batchSize, lockKey, spread, minRate, checkSpread);
    }

    public SweepSettings withBatchSize(int value) {
        return new SweepSettings(period, jitter, value, lockKey, spread, minRate, checkSpread);
    }

    public SweepSettings withSpread(double value) {
        return new SweepSettings(period, jitter, batchSize, lockKey, value, minRate, checkSpread);
    }

    public SweepSettings withMinRate(double value) {
        return new SweepSettings(period, jitter, batchSize, lockKey, spread, value, checkSpread);
    }

    public SweepSettings withCheckSpread(double value) {
        return new SweepSettings(period, jitter, batchSize, lockKey, spread, minRate, value);
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
        return paced(spread, vmms);
    }

    /**
     * How long the checking half of a sweep of {@code vmms} VMMs takes at least: {@code checkSpread} of the period, or
     * less if checking them at {@code minRate} takes less.
     */
    public Duration checkWindow(long vmms) {
        return paced(checkSpread, vmms);
    }

    private static void requireShare(double share, String name) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + share);
        }
    }

    private Duration paced(double share, long vmms) {
        long spreadNanos = (long) (period.toNanos() * share);
        if (minRate == 0) {
            return Duration.ofNanos(spreadNanos);
        }
        double atMinRate = vmms / minRate * 1e9;
        return Duration.ofNanos(atMinRate < spreadNanos ? (long) atMinRate : spreadNanos);
    }
}
