package dev.doorbell.fetcher;

import dev.doorbell.fetcher.FetchEntry.Phase;

/**
 * The per-VMM work-queue rules, as pure functions of an entry, an event and the wall-clock time.
 * The processor stores what these return; the property test drives them directly.
 *
 * <p>Guarantees they give: at most one fetch in flight per VMM (a ring during a fetch only marks
 * the entry dirty); a fetch starts after every ring (a dirty entry is never dropped, except when
 * the fetcher gives up on an unreachable sled and says so); successive fetches of one VMM start
 * at least {@code minRefetchInterval} apart, the first ring of a quiet VMM being due at once.
 */
final class FetchSchedule {

    private final FetchPolicy policy;

    FetchSchedule(FetchPolicy policy) {
        this.policy = policy;
    }

    /** A ring (standing for {@code rings} coalesced rings, the first at {@code rungAtMicros}) arrived. */
    FetchEntry onRing(FetchEntry current, long nowMs, long rungAtMicros, long rings, RingOrigin origin) {
        if (current == null) {
            return new FetchEntry(Phase.DIRTY, nowMs, -1, rings, rungAtMicros, 0, 0, 0, -1, -1, origin);
        }
        long pendingRings = current.pendingRings() + rings;
        long pendingFirst = earliest(current.pendingFirstRungAtMicros(), rungAtMicros);
        RingOrigin pendingOrigin = current.pendingRings() == 0 ? origin : current.origin();
        Phase phase = switch (current.phase()) {
            case COOLING, DIRTY -> Phase.DIRTY;
            case IN_FLIGHT, IN_FLIGHT_DIRTY -> Phase.IN_FLIGHT_DIRTY;
        };
        long due = switch (current.phase()) {
            case COOLING -> Math.max(nowMs, nextAllowedStart(current));
            default -> current.dueAtMs();
        };
        return new FetchEntry(phase, due, current.lastStartMs(), pendingRings, pendingFirst, current.inFlightRings(),
                current.inFlightFirstRungAtMicros(), current.failures(), current.firstFailureMs(),
                current.awaitingDirectorySinceMs(), pendingOrigin);
    }

    /** Whether a fetch of this entry may start now. */
    boolean isDue(FetchEntry entry, long nowMs) {
        return entry.phase() == Phase.DIRTY && entry.dueAtMs() <= nowMs;
    }

    /** Whether a cooling entry may be forgotten now. */
    boolean isExpired(FetchEntry entry, long nowMs) {
        return entry.phase() == Phase.COOLING && entry.dueAtMs() <= nowMs;
    }

    /** A fetch starts: the pending rings are now the ones in flight. */
    FetchEntry onStart(FetchEntry entry, long nowMs) {
        if (!isDue(entry, nowMs)) {
            throw new IllegalStateException("fetch started for an entry that is not due: " + entry);
        }
        return new FetchEntry(Phase.IN_FLIGHT, nowMs, nowMs, 0, 0, entry.pendingRings(), entry.pendingFirstRungAtMicros(),
                entry.failures(), entry.firstFailureMs(), -1, entry.origin());
    }

    /** The sled answered (a state or "no such VMM"): one more fetch if rung meanwhile, else cooling. */
    FetchEntry onAnswered(FetchEntry entry, long nowMs) {
        requireInFlight(entry);
        if (entry.phase() == Phase.IN_FLIGHT_DIRTY) {
            return new FetchEntry(Phase.DIRTY, Math.max(nowMs, nextAllowedStart(entry)), entry.lastStartMs(),
                    entry.pendingRings(), entry.pendingFirstRungAtMicros(), 0, 0, 0, -1, -1, entry.origin());
        }
        return cooling(entry);
    }

    /** What a failed fetch leads to. */
    sealed interface AfterFailure {
        FetchEntry next();
    }

    /** Try again at {@code next.dueAtMs()}, with every ring still pending. */
    record Retry(FetchEntry next) implements AfterFailure {}

    /** Stop trying: emit {@code SledUnreachable} after {@code attempts} attempts and drop the VMM until its next ring. */
    record GiveUp(FetchEntry next, int attempts) implements AfterFailure {}

    /**
     * The fetch failed. Retryable failures back off exponentially ({@code jitter} in [0, 1] choosing
     * the {@link dev.doorbell.model.Backoff}'s jitter) until
     * {@code giveUpAfter} has passed since the first failing fetch started.
     */
    AfterFailure onFailed(FetchEntry entry, long nowMs, boolean retryable, double jitter) {
        requireInFlight(entry);
        int attempts = entry.failures() + 1;
        long firstFailure = entry.firstFailureMs() < 0 ? entry.lastStartMs() : entry.firstFailureMs();
        if (!retryable || nowMs - firstFailure >= policy.giveUpAfter().toMillis()) {
            return new GiveUp(cooling(entry), attempts);
        }
        long due = Math.max(nowMs + policy.backoffMs(attempts, jitter), nextAllowedStart(entry));
        return new Retry(new FetchEntry(Phase.DIRTY, due, entry.lastStartMs(),
                entry.inFlightRings() + entry.pendingRings(),
                earliest(entry.inFlightFirstRungAtMicros(), entry.pendingFirstRungAtMicros()),
                0, 0, attempts, firstFailure, -1, entry.origin()));
    }

    /**
     * The fetch must be repeated without counting as a failure (the sled asked for another API
     * version): due at once, rings kept.
     */
    FetchEntry onRepeat(FetchEntry entry, long nowMs) {
        requireInFlight(entry);
        return new FetchEntry(Phase.DIRTY, nowMs, entry.lastStartMs(), entry.inFlightRings() + entry.pendingRings(),
                earliest(entry.inFlightFirstRungAtMicros(), entry.pendingFirstRungAtMicros()), 0, 0, entry.failures(),
                entry.firstFailureMs(), -1, entry.origin());
    }

    /**
     * The sled answered but the observation could not be forwarded (its serializer needs the schema
     * registry, which is unavailable): fetch again after {@code delayMs}, rings kept. Not a failure of
     * the sled, so it never leads to giving up.
     */
    FetchEntry onUnforwarded(FetchEntry entry, long nowMs, long delayMs) {
        return onRepeat(entry, nowMs).withPhase(Phase.DIRTY, nowMs + delayMs);
    }

    /**
     * After a crash or rebalance: a fetch that was in flight died with the old instance, so the
     * entry is due again, with its rings, as soon as the refetch interval allows.
     */
    FetchEntry onRestore(FetchEntry entry, long nowMs) {
        if (!entry.isInFlight()) {
            return entry;
        }
        FetchEntry again = onRepeat(entry, nowMs);
        return again.withPhase(FetchEntry.Phase.DIRTY, Math.max(nowMs, nextAllowedStart(entry)));
    }

    /** What a VMM whose placement or sled address is unknown leads to. */
    sealed interface AfterDirectoryMiss {}

    record WaitForDirectory(FetchEntry next) implements AfterDirectoryMiss {}

    record DeadLetter() implements AfterDirectoryMiss {}

    /** The directory does not know where the VMM lives: wait (placements can follow the first ring), then dead-letter. */
    AfterDirectoryMiss onDirectoryMiss(FetchEntry entry, long nowMs, long recheckAfterMs) {
        long since = entry.awaitingDirectorySinceMs() < 0 ? nowMs : entry.awaitingDirectorySinceMs();
        if (nowMs - since >= policy.placementWait().toMillis()) {
            return new DeadLetter();
        }
        long recheck = Math.min(nowMs + recheckAfterMs, since + policy.placementWait().toMillis());
        return new WaitForDirectory(entry.awaitingDirectorySince(since, Math.max(recheck, nowMs + 1)));
    }

    private FetchEntry cooling(FetchEntry entry) {
        return new FetchEntry(Phase.COOLING, nextAllowedStart(entry), entry.lastStartMs(), 0, 0, 0, 0, 0, -1, -1,
                RingOrigin.UNKNOWN);
    }

    private long nextAllowedStart(FetchEntry entry) {
        return entry.lastStartMs() < 0 ? Long.MIN_VALUE : entry.lastStartMs() + policy.minRefetchInterval().toMillis();
    }

    private static void requireInFlight(FetchEntry entry) {
        if (!entry.isInFlight()) {
            throw new IllegalStateException("no fetch in flight: " + entry);
        }
    }

    private static long earliest(long a, long b) {
        if (a <= 0) {
            return b;
        }
        if (b <= 0) {
            return a;
        }
        return Math.min(a, b);
    }
}
