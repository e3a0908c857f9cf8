package dev.doorbell.reconciler.sweep;

import java.time.Duration;

/** What one call of {@link WatcherSweep#sweepOnce()} did. */
public sealed interface SweepOutcome {

    /**
     * This reconciler held the lock and swept.
     *
     * @param rung  VMMs whose doorbell it rang (every non-terminal VMM)
     * @param stale of those, VMMs whose newest observation is older than two sweep periods
     */
    record Swept(long rung, long stale, Duration took) implements SweepOutcome {}

    /** Another reconciler holds the lock (is sweeping): this one did nothing. */
    record Skipped() implements SweepOutcome {}
}
