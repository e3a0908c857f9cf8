package dev.doorbell.reconciler.sweep;

import java.time.Duration;

/** What one call of {@link WatcherSweep#sweepOnce()} did. */
public sealed interface SweepOutcome {

    /**
     * This reconciler held the lock and swept.
     *
     * @param rung           VMMs whose doorbell it rang: those whose sled knew something the database did not,
     *                       and those whose sled could not be asked (every VMM a sled may hold, for a
     *                       ring-everything sweep: not {@code creating}, not {@code destroyed}, not on an expunged sled)
     * @param confirmed      VMMs found in sync with their sled's bulk answer, so not rung
     * @param overdue          VMMs it could not confirm, not {@code failed} or {@code creating}, whose newest
     *                       observation is older than two sweep periods
     * @param markedExpunged VMMs on expunged sleds it marked {@code failed} ({@code sled_expunged}) without ringing
     * @param took           the whole sweep, asking sleds and pacing included
     * @param waited         of {@code took}, the time spent waiting for rings to come due (the spread)
     */
    record Swept(long rung, long confirmed, long overdue, long markedExpunged, Duration took, Duration waited)
            implements SweepOutcome {}

    /** Another reconciler holds the lock (is sweeping): this one did nothing. */
    record Skipped() implements SweepOutcome {}

    /**
     * The sweep was closed (or its thread interrupted) before it ended, or before it began: it rang
     * {@code rung} VMMs and did not update the overdue gauge or the duration.
     */
    record Stopped(long rung, Duration took) implements SweepOutcome {}
}
