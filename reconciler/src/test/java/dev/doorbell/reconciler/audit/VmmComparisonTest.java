package dev.doorbell.reconciler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit's rule for one VMM: in sync, behind, gone, conflict; diverged only past the grace period. */
class VmmComparisonTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final UUID VMM = UUID.randomUUID();
    private static final UUID SLED = UUID.randomUUID();

    static VmmView row(String state, long gen, Instant lastObserved) {
        return new VmmView(VMM, UUID.randomUUID(), SLED, state, gen, lastObserved, null, null, "sled-fetch", lastObserved,
                lastObserved);
    }

    static SledVmmState onSled(VmmState state, long gen, Instant updated) {
        return new SledVmmState(new VmmRuntimeState(state, gen, updated));
    }

    @Test
    void theSameGenerationAndStateIsInSync() {
        assertThat(VmmComparison.compare(row("running", 4, NOW.minusSeconds(600)), onSled(VmmState.RUNNING, 4, NOW.minusSeconds(600)),
                NOW, GRACE)).isEmpty();
    }

    @Test
    void aCreatingRowAtTheSledsGenerationIsInSync() {
        assertThat(VmmComparison.compare(row("creating", 1, NOW), onSled(VmmState.STARTING, 1, NOW), NOW, GRACE)).isEmpty();
    }

    @Test
    void aNewerGenerationOnTheSledIsBehindForTheTimeSinceTheSledChangedAndPendingWithinGrace() {
        VmmDifference d = VmmComparison.compare(row("running", 4, NOW.minusSeconds(600)),
                onSled(VmmState.STOPPING, 5, NOW.minusSeconds(3)), NOW, GRACE).orElseThrow();

        assertThat(d.kind()).isEqualTo(VmmDifference.Kind.BEHIND);
        assertThat(d.age()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.diverged()).isFalse();
        assertThat(d).extracting(VmmDifference::dbState, VmmDifference::dbGen, VmmDifference::sledState, VmmDifference::sledGen)
                .containsExactly("running", 4L, "stopping", 5L);
    }

    @Test
    void behindLongerThanTheGracePeriodIsDiverged() {
        VmmView row = row("running", 4, NOW.minusSeconds(600));
        SledVmmState sled = onSled(VmmState.STOPPING, 5, NOW.minusSeconds(10));

        assertThat(VmmComparison.compare(row, sled, NOW, GRACE).orElseThrow().diverged()).as("exactly the grace").isFalse();
        assertThat(VmmComparison.compare(row, sled, NOW.plusMillis(1), GRACE).orElseThrow().diverged()).isTrue();
        assertThat(VmmComparison.compare(row, sled, NOW, Duration.ZERO).orElseThrow().diverged()).as("no grace").isTrue();
    }

    @Test
    void aSledClockAheadOfOursCountsAsNoTimeBehind() {
        VmmDifference d = VmmComparison.compare(row("running", 4, NOW), onSled(VmmState.STOPPING, 5, NOW.plusSeconds(5)), NOW, GRACE)
                .orElseThrow();

        assertThat(d.age()).isZero();
        assertThat(d.diverged()).isFalse();
    }

    @Test
    void anActiveRowItsSledDoesNotKnowIsGoneSinceItsLastObservation() {
        VmmDifference d = VmmComparison.compare(row("running", 4, NOW.minusSeconds(4)), null, NOW, GRACE).orElseThrow();

        assertThat(d.kind()).isEqualTo(VmmDifference.Kind.GONE);
        assertThat(d.age()).isEqualTo(Duration.ofSeconds(4));
        assertThat(d.diverged()).isFalse();
        assertThat(d.sledState()).isNull();
        assertThat(d.sledGen()).isNull();

        assertThat(VmmComparison.compare(row("running", 4, NOW.minusSeconds(11)), null, NOW, GRACE).orElseThrow().diverged()).isTrue();
    }

    /** Omicron's rules: a VMM its sled no longer has is marked failed (no_such_instance); ended VMMs are forgotten; creating ones are not known yet. */
    @ParameterizedTest
    @ValueSource(strings = {"failed", "destroyed", "creating"})
    void aRowItsSledMayRightlyNotKnowIsInSync(String state) {
        assertThat(VmmComparison.compare(row(state, 7, NOW.minusSeconds(3600)), null, NOW, GRACE)).isEmpty();
    }

    @Test
    void aRowAheadOfItsSledIsAConflictAndDivergedAtOnce() {
        VmmDifference ahead = VmmComparison.compare(row("stopped", 6, NOW), onSled(VmmState.RUNNING, 5, NOW), NOW, GRACE).orElseThrow();
        VmmDifference sameGen = VmmComparison.compare(row("stopped", 5, NOW), onSled(VmmState.RUNNING, 5, NOW), NOW, GRACE).orElseThrow();

        assertThat(ahead.kind()).isEqualTo(VmmDifference.Kind.CONFLICT);
        assertThat(ahead.diverged()).isTrue();
        assertThat(ahead.age()).isNull();
        assertThat(sameGen.kind()).isEqualTo(VmmDifference.Kind.CONFLICT);
        assertThat(sameGen.diverged()).isTrue();
    }
}
