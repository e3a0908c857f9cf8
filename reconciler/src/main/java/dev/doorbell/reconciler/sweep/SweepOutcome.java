package dev.doorbell.reconciler.sweep;

import java.time.Duration;

/** What one call of {@link WatcherSweep#sweepOnce()} did. */
public sealed interface SweepOutcome {

    /**
     * This reconciler held the lock and swept.
     *
     * @param rung          VMMs whose doorbell it rang (every VMM a sled may hold: not {@code creating}, not
     *                      {@code destroyed}, not on an expunged sled)
     * @param stale         of those, non-failed VMMs whose newest observation is older than two sweep periods
     * @param markedExpunged VMMs on expunged sleds it marked {@code failed} ({@code sled_expunged}) without ringing
     */
    record Swept(long rung, long stale, long markedExpunged, Duration took) implements SweepOutcome {}

    /** Another reconciler holds the lock (is sweeping): this one did nothing. */
    record Skipped() implements SweepOutcome {}
}
