package dev.doorbell.fetcher;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The work-queue state of one VMM, kept in the changelogged {@code pending-fetches} store. Each fact
 * is either present or absent by type: no field has a value that means "none".
 *
 * <p>Phases: {@code DIRTY} (a fetch must start at or after {@code dueAtMs}), {@code IN_FLIGHT}
 * (a fetch started at {@code lastStartMs}), {@code IN_FLIGHT_DIRTY} (rung again during it: one
 * more fetch follows), {@code COOLING} (nothing pending; kept until {@code dueAtMs} only to remember
 * the burst, so that a ring before then is spaced after the last fetch, {@link FetchPolicy}).
 *
 * <p>The transitions ({@link #started}, {@link #failed}, ...) carry over every field they do not
 * name; which transition follows which event is {@link FetchSchedule}'s business.
 *
 * @param lastStartMs when the last fetch started; absent if none has since the VMM's first ring
 * @param refetches fetches this burst started after its first (saturating at {@link #MAX_REFETCHES}); they space the next
 *                  one ({@link FetchPolicy#refetchSpacingMs})
 * @param pending rings that the next fetch will answer
 * @param inFlight rings the fetch in flight answers
 * @param failures the streak of consecutive failed fetches; absent after a success or give-up
 * @param awaitingDirectorySinceMs since when the VMM's placement or sled address is unknown; absent while it is known
 * @param origin where the first pending ring came from, for dead letters
 */
public record FetchEntry(
        Phase phase,
        long dueAtMs,
        OptionalLong lastStartMs,
        int refetches,
        Rings pending,
        Rings inFlight,
        Optional<FailureStreak> failures,
        OptionalLong awaitingDirectorySinceMs,
        RingOrigin origin) {

    public enum Phase { DIRTY, IN_FLIGHT, IN_FLIGHT_DIRTY, COOLING }

    /** Where {@link #refetches()} stops counting: far beyond any doubling of the spacing that matters. */
    public static final int MAX_REFETCHES = Short.MAX_VALUE;

    /**
     * Rings coalesced into one fetch: how many, and when the earliest of them rang (absent if none
     * of them said when).
     */
    public record Rings(long count, OptionalLong firstRungAtMicros) {

        /** No ring. */
        public static final Rings NONE = new Rings(0, OptionalLong.empty());

        public Rings {
            Objects.requireNonNull(firstRungAtMicros, "firstRungAtMicros");
        }

        /**
         * {@code count} rings, the first at {@code rungAtMicros}; a time at or before the epoch is a
         * ring that did not say when it rang (a record without a timestamp).
         */
        static Rings rung(long count, long rungAtMicros) {
            return new Rings(count, rungAtMicros > 0 ? OptionalLong.of(rungAtMicros) : OptionalLong.empty());
        }

        boolean isEmpty() {
            return count == 0;
        }

        /** These rings and {@code more}: the counts added, the earlier first ring. */
        Rings plus(Rings more) {
            OptionalLong first = firstRungAtMicros;
            if (first.isEmpty() || more.firstRungAtMicros.isPresent() && more.firstRungAtMicros.getAsLong() < first.getAsLong()) {
                first = more.firstRungAtMicros;
            }
            return new Rings(count + more.count, first);
        }
    }

    /**
     * Consecutive failed fetches: {@code count} of them, the first of which started at {@code firstFailureMs}.
     */
    public record FailureStreak(int count, long firstFailureMs) {

        /** A first failure, of the fetch started at {@code startedMs}. */
        static FailureStreak first(long startedMs) {
            return new FailureStreak(1, startedMs);
        }

        /** One more failure in this streak. */
        FailureStreak next() {
            return new FailureStreak(count + 1, firstFailureMs);
        }
    }

    public FetchEntry {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastStartMs, "lastStartMs");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(awaitingDirectorySinceMs, "awaitingDirectorySinceMs");
        Objects.requireNonNull(origin, "origin");
        if (refetches < 0 || refetches > MAX_REFETCHES) {
            throw new IllegalArgumentException("refetches must be within [0, " + MAX_REFETCHES + "]: " + refetches);
        }
    }

    /** The entry of a VMM with no entry that rings: {@code DIRTY}, due at {@code nowMs}, never fetched. */
    static FetchEntry firstRing(long nowMs, Rings rings, RingOrigin origin) {
        return new FetchEntry(Phase.DIRTY, nowMs, OptionalLong.empty(), 0, rings, Rings.NONE, Optional.empty(),
                OptionalLong.empty(), origin);
    }

    boolean isInFlight() {
        return phase == Phase.IN_FLIGHT || phase == Phase.IN_FLIGHT_DIRTY;
    }

    /** More {@code rings} pending, now in phase {@code next} and due at {@code newDueAtMs}; the origin is the first pending ring's. */
    FetchEntry ringed(Phase next, long newDueAtMs, Rings rings, RingOrigin ringOrigin) {
        return new FetchEntry(next, newDueAtMs, lastStartMs, refetches, pending.plus(rings), inFlight, failures,
                awaitingDirectorySinceMs, pending.isEmpty() ? ringOrigin : origin);
    }

    /**
     * A fetch started at {@code nowMs}: the pending rings are now the ones in flight, the directory knew the VMM,
     * and unless it is the burst's first fetch it counts as one more re-fetch.
     */
    FetchEntry started(long nowMs) {
        int count = lastStartMs.isPresent() ? Math.min(MAX_REFETCHES, refetches + 1) : refetches;
        return new FetchEntry(Phase.IN_FLIGHT, nowMs, OptionalLong.of(nowMs), count, Rings.NONE, pending, failures,
                OptionalLong.empty(), origin);
    }

    /** The fetch in flight was answered and rings are pending since: {@code DIRTY}, due at {@code newDueAtMs}, no failure streak. */
    FetchEntry answered(long newDueAtMs) {
        return new FetchEntry(Phase.DIRTY, newDueAtMs, lastStartMs, refetches, pending, Rings.NONE, Optional.empty(),
                OptionalLong.empty(), origin);
    }

    /** The fetch in flight failed, making {@code streak}: every ring pending again, due at {@code newDueAtMs}. */
    FetchEntry failed(long newDueAtMs, FailureStreak streak) {
        return requeued(newDueAtMs, Optional.of(streak));
    }

    /** The fetch in flight is to be repeated, not counting as a failure: every ring pending again, due at {@code newDueAtMs}. */
    FetchEntry repeated(long newDueAtMs) {
        return requeued(newDueAtMs, failures);
    }

    /** Nothing pending: kept until {@code untilMs} only to remember the burst. */
    FetchEntry cooling(long untilMs) {
        return new FetchEntry(Phase.COOLING, untilMs, lastStartMs, refetches, Rings.NONE, Rings.NONE, Optional.empty(),
                OptionalLong.empty(), RingOrigin.UNKNOWN);
    }

    /** The directory has not known the VMM since {@code sinceMs}: look again at {@code newDueAtMs}. */
    FetchEntry awaitingDirectorySince(long sinceMs, long newDueAtMs) {
        return new FetchEntry(phase, newDueAtMs, lastStartMs, refetches, pending, inFlight, failures, OptionalLong.of(sinceMs),
                origin);
    }

    private FetchEntry requeued(long newDueAtMs, Optional<FailureStreak> streak) {
        return new FetchEntry(Phase.DIRTY, newDueAtMs, lastStartMs, refetches, inFlight.plus(pending), Rings.NONE, streak,
                OptionalLong.empty(), origin);
    }
}
