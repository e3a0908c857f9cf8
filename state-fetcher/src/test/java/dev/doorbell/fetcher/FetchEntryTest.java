package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.FetchEntry.FailureStreak;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchEntry.Rings;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The entry's transitions: what each carries over, merges and forgets. */
class FetchEntryTest {

    private static final RingOrigin FIRST = new RingOrigin("vmm.doorbells", 0, 1);
    private static final RingOrigin LATER = new RingOrigin("vmm.doorbells", 0, 2);

    @Test
    void ringsAddUpAndKeepTheEarliestKnownFirstRing() {
        Rings early = Rings.rung(2, 100);
        Rings late = Rings.rung(3, 200);
        Rings unknown = Rings.rung(1, 0);

        assertThat(early.plus(late)).isEqualTo(new Rings(5, OptionalLong.of(100)));
        assertThat(late.plus(early)).isEqualTo(new Rings(5, OptionalLong.of(100)));
        assertThat(unknown.plus(late)).isEqualTo(new Rings(4, OptionalLong.of(200)));
        assertThat(late.plus(unknown)).isEqualTo(new Rings(4, OptionalLong.of(200)));
        assertThat(Rings.NONE.plus(unknown)).isEqualTo(new Rings(1, OptionalLong.empty()));
        assertThat(Rings.NONE.isEmpty()).isTrue();
        assertThat(unknown.isEmpty()).isFalse();
    }

    @Test
    void theOriginIsTheFirstPendingRings() {
        FetchEntry entry = FetchEntry.firstRing(10, Rings.rung(1, 5), FIRST);

        FetchEntry rungAgain = entry.ringed(Phase.DIRTY, 10, Rings.rung(1, 6), LATER);
        FetchEntry rungDuringFetch = entry.started(10).ringed(Phase.IN_FLIGHT_DIRTY, 10, Rings.rung(1, 6), LATER);

        assertThat(rungAgain.origin()).isEqualTo(FIRST);
        assertThat(rungAgain.pending()).isEqualTo(new Rings(2, OptionalLong.of(5)));
        assertThat(rungDuringFetch.origin()).as("nothing was pending when it rang").isEqualTo(LATER);
    }

    @Test
    void aStartedFetchTakesThePendingRingsAndAFailurePutsThemBack() {
        FetchEntry waiting = FetchEntry.firstRing(10, Rings.rung(2, 5), FIRST).awaitingDirectorySince(10, 20);

        FetchEntry started = waiting.started(20);
        FetchEntry rung = started.ringed(Phase.IN_FLIGHT_DIRTY, 20, Rings.rung(1, 3), LATER);
        FetchEntry failed = rung.failed(50, FailureStreak.first(20));

        assertThat(started).isEqualTo(new FetchEntry(Phase.IN_FLIGHT, 20, OptionalLong.of(20), 0, Rings.NONE,
                new Rings(2, OptionalLong.of(5)), Optional.empty(), OptionalLong.empty(), FIRST));
        // the origin stays the one of the ring that found nothing pending, though the rings in flight come back before it
        assertThat(failed).isEqualTo(new FetchEntry(Phase.DIRTY, 50, OptionalLong.of(20), 0, new Rings(3, OptionalLong.of(3)),
                Rings.NONE, Optional.of(new FailureStreak(1, 20)), OptionalLong.empty(), LATER));
        assertThat(failed.started(50).repeated(60).failures()).as("a repeat is no failure, nor a success")
                .contains(new FailureStreak(1, 20));
        assertThat(failed.started(50).ringed(Phase.IN_FLIGHT_DIRTY, 50, Rings.rung(1, 70), LATER).answered(150))
                .isEqualTo(new FetchEntry(Phase.DIRTY, 150, OptionalLong.of(50), 1, new Rings(1, OptionalLong.of(70)), Rings.NONE,
                        Optional.empty(), OptionalLong.empty(), LATER));
        assertThat(failed.started(50).cooling(150)).isEqualTo(new FetchEntry(Phase.COOLING, 150, OptionalLong.of(50), 1,
                Rings.NONE, Rings.NONE, Optional.empty(), OptionalLong.empty(), RingOrigin.UNKNOWN));
    }
    @Test
    void everyFetchOfABurstAfterItsFirstCountsAsARefetchAndTheCountSurvivesEveryOtherTransition() {
        FetchEntry first = FetchEntry.firstRing(0, Rings.rung(1, 1), FIRST).started(0);
        FetchEntry second = first.cooling(100).ringed(Phase.DIRTY, 25, Rings.rung(1, 2), LATER).started(25);
        FetchEntry third = second.ringed(Phase.IN_FLIGHT_DIRTY, 25, Rings.rung(1, 3), LATER).answered(75).started(75);

        assertThat(first.refetches()).isZero();
        assertThat(second.refetches()).isEqualTo(1);
        assertThat(third.refetches()).isEqualTo(2);
        assertThat(third.failed(200, FailureStreak.first(75)).awaitingDirectorySince(200, 210).repeated(220).cooling(300).refetches())
                .isEqualTo(2);
        FetchEntry saturated = new FetchEntry(Phase.COOLING, 0, OptionalLong.of(0), FetchEntry.MAX_REFETCHES, Rings.NONE, Rings.NONE,
                Optional.empty(), OptionalLong.empty(), RingOrigin.UNKNOWN);
        assertThat(saturated.ringed(Phase.DIRTY, 100, Rings.rung(1, 4), LATER).started(100).refetches()).isEqualTo(FetchEntry.MAX_REFETCHES);
    }

}
