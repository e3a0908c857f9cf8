package dev.doorbell.fetcher;

import dev.doorbell.fetcher.FetchEntry.FailureStreak;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchEntry.Rings;
import java.util.OptionalLong;

/**
 * The per-VMM work-queue rules, as pure functions of an entry, an event and the wall-clock time.
 * The processor stores what these return; the property test drives them directly.
 *
 * <p>Guarantees they give: at most one fetch in flight per VMM (a ring during a fetch only marks
 * the entry dirty); a fetch starts after every ring (a dirty entry is never dropped, except when
 * the fetcher gives up on an unreachable sled and says so); successive fetches of one VMM start
 * at least {@code minRefetchInterval} apart, the first ring of a quiet VMM being due at once, and
 * a burst's re-fetches are spaced ever wider, up to {@code maxRefetchInterval} ({@link FetchPolicy}).
 */
final class FetchSchedule {

    private final FetchPolicy policy;

    FetchSchedule(FetchPolicy policy) {
        this.policy = policy;
    }

    /** A ring (standing for {@code rings} coalesced rings, the first at {@code rungAtMicros}) arrived. */
    FetchEntry onRing(FetchEntry current, long nowMs, long rungAtMicros, long rings, RingOrigin origin) {
        Rings rung = Rings.rung(rings, rungAtMicros);
        if (current == null) {
            return FetchEntry.firstRing(nowMs, rung, origin);
        }
        Phase phase = switch (current.phase()) {
            case COOLING, DIRTY -> Phase.DIRTY;
            case IN_FLIGHT, IN_FLIGHT_DIRTY -> Phase.IN_FLIGHT_DIRTY;
        };
        long due = switch (current.phase()) {
            case COOLING -> Math.max(nowMs, nextAllowedStart(current));
            default -> current.dueAtMs();
        };
        return current.ringed(phase, due, rung, origin);
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
        return entry.started(nowMs);
    }

    /** The sled answered (a state or "no such VMM"): one more fetch if rung meanwhile, else cooling. */
    FetchEntry onAnswered(FetchEntry entry, long nowMs) {
        requireInFlight(entry);
        if (entry.phase() == Phase.IN_FLIGHT_DIRTY) {
            return entry.answered(Math.max(nowMs, nextAllowedStart(entry)));
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
        // a fetch in flight has started; were an entry to say otherwise, its streak would count from now
        FailureStreak streak = entry.failures().map(FailureStreak::next)
                .orElseGet(() -> FailureStreak.first(entry.lastStartMs().orElse(nowMs)));
        if (!retryable || nowMs - streak.firstFailureMs() >= policy.giveUpAfter().toMillis()) {
            return new GiveUp(cooling(entry), streak.count());
        }
        long due = Math.max(nowMs + policy.backoffMs(streak.count(), jitter), nextAllowedStart(entry));
        return new Retry(entry.failed(due, streak));
    }

    /**
     * The fetch must be repeated without counting as a failure (the sled asked for another API
     * version): due at once, rings kept.
     */
    FetchEntry onRepeat(FetchEntry entry, long nowMs) {
        requireInFlight(entry);
        return entry.repeated(nowMs);
    }

    /**
     * The sled answered but the observation could not be forwarded (its serializer needs the schema
     * registry, which is unavailable): fetch again after {@code delayMs}, rings kept. Not a failure of
     * the sled, so it never leads to giving up.
     */
    FetchEntry onUnforwarded(FetchEntry entry, long nowMs, long delayMs) {
        requireInFlight(entry);
        return entry.repeated(nowMs + delayMs);
    }

    /**
     * After a crash or rebalance: a fetch that was in flight died with the old instance, so the
     * entry is due again, with its rings, as soon as the refetch interval allows.
     */
    FetchEntry onRestore(FetchEntry entry, long nowMs) {
        if (!entry.isInFlight()) {
            return entry;
        }
        return entry.repeated(Math.max(nowMs, nextAllowedStart(entry)));
    }

    /** What a VMM whose placement or sled address is unknown leads to. */
    sealed interface AfterDirectoryMiss {}

    record WaitForDirectory(FetchEntry next) implements AfterDirectoryMiss {}

    record DeadLetter() implements AfterDirectoryMiss {}

    /** The directory does not know where the VMM lives: wait (placements can follow the first ring), then dead-letter. */
    AfterDirectoryMiss onDirectoryMiss(FetchEntry entry, long nowMs, long recheckAfterMs) {
        long since = entry.awaitingDirectorySinceMs().orElse(nowMs);
        if (nowMs - since >= policy.placementWait().toMillis()) {
            return new DeadLetter();
        }
        long recheck = Math.min(nowMs + recheckAfterMs, since + policy.placementWait().toMillis());
        return new WaitForDirectory(entry.awaitingDirectorySince(since, Math.max(recheck, nowMs + 1)));
    }

    /** Nothing pending: the burst is remembered for {@code maxRefetchInterval} after its last fetch started. */
    private FetchEntry cooling(FetchEntry entry) {
        OptionalLong lastStart = entry.lastStartMs();
        return entry.cooling(lastStart.isEmpty() ? Long.MIN_VALUE : lastStart.getAsLong() + policy.maxRefetchInterval().toMillis());
    }

    private long nextAllowedStart(FetchEntry entry) {
        OptionalLong lastStart = entry.lastStartMs();
        return lastStart.isEmpty() ? Long.MIN_VALUE : lastStart.getAsLong() + policy.refetchSpacingMs(entry.refetches());
    }

    private static void requireInFlight(FetchEntry entry) {
        if (!entry.isInFlight()) {
            throw new IllegalStateException("no fetch in flight: " + entry);
        }
    }
}
