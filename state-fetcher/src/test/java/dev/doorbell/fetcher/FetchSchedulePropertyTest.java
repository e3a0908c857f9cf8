package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.doorbell.fetcher.FetchSchedule.GiveUp;
import dev.doorbell.fetcher.FetchSchedule.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The work-queue rules of one VMM under random interleavings of rings, time passing, fetch
 * successes, failures, timeouts and restarts (a crash of the fetcher: whatever was in flight is
 * lost). In every run: at most one fetch in flight; every ring is followed by a fetch that starts
 * after it (or by an explicit give-up, which the fetcher reports as {@code SledUnreachable});
 * successive fetch starts are at least the minimum refetch interval apart. Each property holds for a
 * fixed spacing and for the default kind, which doubles a burst's spacing from the minimum to the
 * maximum; with that one, a burst whose rings come closer than the maximum apart costs about one
 * fetch per maximum interval.
 */
class FetchSchedulePropertyTest {

    private static final FetchPolicy FIXED = new FetchPolicy(Duration.ofMillis(100), Duration.ofMillis(50),
            Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(1));
    /** 25 ms doubling to 100 ms, as {@link FetchPolicy#defaults()}. */
    private static final FetchPolicy RAMP = FIXED.withRefetchSpacing(Duration.ofMillis(25), Duration.ofMillis(100));

    sealed interface Event permits Ring, Advance, Succeed, Fail, Restart {}

    record Ring() implements Event {}

    record Advance(long millis) implements Event {}

    record Succeed() implements Event {}

    /** A failure; {@code timeout} only changes its name, as the fetcher treats both alike. */
    record Fail(boolean retryable, boolean timeout) implements Event {}

    record Restart() implements Event {}

    private static Gen<List<Event>> histories() {
        Gen<Event> ring = arbitrary().constant(new Ring());
        Gen<Event> advance = longs().between(1, 250).map(Advance::new);
        Gen<Event> succeed = arbitrary().constant(new Succeed());
        Gen<Event> fail = booleans().all().zip(arbitrary().pick(true, true, true, false), // three in four are retryable
                (timeout, retryable) -> new Fail(retryable, timeout));
        Gen<Event> restart = arbitrary().constant(new Restart());
        // Half of the histories are short: in a long one, the burst bound's slack grows with the span and hides a
        // fetch too many (uniform lengths alone caught a refetch that ignored the interval in 8 of 20 seeds).
        Gen<Integer> lengths = integers().between(0, 300).mix(integers().between(0, 30), 50);
        return lists().of(Generate.frequency(Pair.of(5, ring), Pair.of(5, advance), Pair.of(3, succeed), Pair.of(2, fail),
                Pair.of(1, restart))).ofSizes(lengths);
    }

    @Test
    void guaranteesHoldInEveryHistory() {
        qt().withExamples(1000).forAll(histories()).checkAssert(history -> guaranteesHold(history, FIXED));
        qt().withExamples(1000).forAll(histories()).checkAssert(history -> guaranteesHold(history, RAMP));
    }

    @Test
    void aBurstCostsAtMostTwoPlusItsSpanOverTheMinimumInterval() {
        qt().withExamples(300).forAll(histories()).checkAssert(history -> burstCostIsBounded(history, FIXED));
        qt().withExamples(300).forAll(histories()).checkAssert(history -> burstCostIsBounded(history, RAMP));
    }

    @Test
    void aBurstOfRingsCloserThanTheMaximumApartCostsAtMostFourPlusItsSpanOverTheMaximum() {
        // 25, 50, then 100 ms between starts: the ramp's two short steps are the 2 fetches beyond a fixed spacing's bound
        qt().withExamples(1000).forAll(histories()).checkAssert(FetchSchedulePropertyTest::closeBurstCostIsBoundedByTheMaximum);
        qt().withExamples(200).forAll(closeBursts()).checkAssert(FetchSchedulePropertyTest::closeBurstCostIsBoundedByTheMaximum);
    }

    /**
     * Rings less than the maximum interval apart, time passing a millisecond at a time (so a fetch starts the
     * moment it is due, as often as the spacing allows): long bursts, where a spacing that stopped growing shows.
     */
    private static Gen<List<Event>> closeBursts() {
        return lists().of(integers().between(1, 99)).ofSizes(integers().between(1, 80)).map(gaps -> {
            List<Event> events = new ArrayList<>(List.of(new Ring()));
            for (int gap : gaps) {
                for (int ms = 0; ms < gap; ms++) {
                    events.add(new Advance(1));
                }
                events.add(new Ring());
            }
            return events;
        });
    }

    private static void guaranteesHold(List<Event> history, FetchPolicy policy) {
        Run run = new Run(policy);
        history.forEach(run::apply);
        run.settle();

        assertThat(run.maxInFlight).as("at most one fetch in flight").isLessThanOrEqualTo(1);
        for (int i = 1; i < run.starts.size(); i++) {
            assertThat(run.starts.get(i) - run.starts.get(i - 1)).as("fetch starts %s", run.starts)
                    .isGreaterThanOrEqualTo(policy.minRefetchInterval().toMillis());
        }
        if (run.lastRing >= 0) {
            boolean fetchedAfter = run.starts.stream().anyMatch(s -> s >= run.lastRing);
            boolean gaveUpAfter = run.giveUps.stream().anyMatch(g -> g >= run.lastRing);
            assertThat(fetchedAfter || gaveUpAfter).as("a fetch starts after the last ring at %d: starts %s, give-ups %s",
                    run.lastRing, run.starts, run.giveUps).isTrue();
        }
        assertThat(run.ringsAccounted + run.entryRings()).as("no ring is lost from the counts").isEqualTo(run.rings);
    }

    private static void burstCostIsBounded(List<Event> history, FetchPolicy policy) {
        Run run = new Run(policy);
        run.alwaysSucceed = true;
        history.stream().filter(e -> e instanceof Ring || e instanceof Advance).forEach(run::apply);
        long firstRing = run.firstRing;
        run.settle();
        if (firstRing < 0) {
            return;
        }
        long span = run.lastRing - firstRing;
        long fetches = run.starts.stream().filter(s -> s >= firstRing).count();
        assertThat(fetches).as("starts %s", run.starts).isLessThanOrEqualTo(2 + span / policy.minRefetchInterval().toMillis());
    }

    private static void closeBurstCostIsBoundedByTheMaximum(List<Event> history) {
        long max = RAMP.maxRefetchInterval().toMillis();
        Run run = new Run(RAMP);
        run.alwaysSucceed = true;
        long longestGap = 0;
        for (Event e : history.stream().filter(e -> e instanceof Ring || e instanceof Advance).toList()) {
            long before = run.lastRing;
            run.apply(e);
            if (e instanceof Ring && before >= 0) {
                longestGap = Math.max(longestGap, run.lastRing - before);
            }
        }
        long firstRing = run.firstRing;
        run.settle();
        if (firstRing < 0 || longestGap >= max) {
            return; // no ring, or more than one burst
        }
        long span = run.lastRing - firstRing;
        assertThat((long) run.starts.size()).as("starts %s", run.starts).isLessThanOrEqualTo(4 + span / max);
    }

    /** One VMM's entry driven through a history, with what the processor would do around it. */
    private static final class Run {
        final FetchSchedule schedule;
        FetchEntry entry;
        long now = 1_000;
        long firstRing = -1;
        long lastRing = -1;
        long rings;
        long ringsAccounted;
        int inFlight;
        int maxInFlight;
        boolean alwaysSucceed;
        final List<Long> starts = new ArrayList<>();
        final List<Long> giveUps = new ArrayList<>();

        Run(FetchPolicy policy) {
            this.schedule = new FetchSchedule(policy);
        }

        void apply(Event event) {
            switch (event) {
                case Ring r -> {
                    entry = schedule.onRing(entry, now, now * 1000, 1, RingOrigin.UNKNOWN);
                    rings++;
                    lastRing = now;
                    if (firstRing < 0) {
                        firstRing = now;
                    }
                }
                case Advance a -> {
                    now += a.millis();
                    if (alwaysSucceed) {
                        succeed();
                    }
                }
                case Succeed s -> succeed();
                case Fail f -> {
                    if (entry != null && entry.isInFlight()) {
                        inFlight--;
                        switch (schedule.onFailed(entry, now, f.retryable(), 0.75)) {
                            case Retry retry -> entry = retry.next();
                            case GiveUp giveUp -> {
                                ringsAccounted += entry.inFlight().count() + entry.pending().count();
                                giveUps.add(now);
                                entry = giveUp.next();
                            }
                        }
                    }
                }
                case Restart r -> {
                    if (entry != null) {
                        // The fetch in flight died with the old instance; its answer is never handled.
                        inFlight = 0;
                        entry = schedule.onRestore(entry, now);
                    }
                }
            }
            startIfDue();
        }

        void succeed() {
            if (entry != null && entry.isInFlight()) {
                inFlight--;
                ringsAccounted += entry.inFlight().count();
                entry = schedule.onAnswered(entry, now);
            }
        }

        void startIfDue() {
            if (entry != null && schedule.isDue(entry, now)) {
                entry = schedule.onStart(entry, now);
                starts.add(now);
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
            }
            if (entry != null && schedule.isExpired(entry, now)) {
                entry = null;
            }
        }

        /** Let the sled answer everything from now on until nothing is pending. */
        void settle() {
            for (int i = 0; i < 1_000 && entry != null && entry.phase() != FetchEntry.Phase.COOLING; i++) {
                now += 10;
                succeed();
                startIfDue();
            }
        }

        long entryRings() {
            return entry == null ? 0 : entry.pending().count() + entry.inFlight().count();
        }
    }
}
