package dev.doorbell.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.PendingFetchView;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Verdict} on hand-made inspections, judged against a fixed clock. */
class VerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-05T18:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final UUID VMM = UUID.fromString("0b7e5a52-3c1d-4d2e-9f60-1a2b3c4d5e6f");
    private static final UUID SLED = UUID.fromString("5c3d0000-0000-4000-8000-000000000001");

    @Test
    void theSameGenerationAndStateIsInSync() {
        Verdict verdict = Verdict.of(inspection(db("running", 7), sled(VmmState.RUNNING, 7, NOW.minusSeconds(60)), nothingPending()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.IN_SYNC);
        assertThat(verdict.exitCode()).isZero();
        assertThat(verdict.reason()).isEqualTo("the database has the sled's running gen 7");
    }

    @Test
    void aNewerGenerationOnTheSledWithinGraceIsBehindWithHowManyAndHowLong() {
        Verdict verdict = Verdict.of(inspection(db("starting", 5), sled(VmmState.RUNNING, 7, NOW.minusMillis(3200)), nothingPending()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.BEHIND);
        assertThat(verdict.exitCode()).isZero();
        assertThat(verdict.reason()).isEqualTo("behind by 2 generations (sled running gen 7, changed 3.2 s ago), within the grace of 10 s;"
                + " nothing is pending");
    }

    @Test
    void behindPastGraceWithAFetchInFlightIsStillBehindAndSaysWhy() {
        Verdict verdict = Verdict.of(inspection(db("starting", 6), sled(VmmState.RUNNING, 7, NOW.minusSeconds(30)), inFlight()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.BEHIND);
        assertThat(verdict.reason()).contains("behind by 1 generation").contains("changed 30 s ago").contains("past the grace")
                .endsWith("but a fetch is in flight explains it");
    }

    @Test
    void behindPastGraceWithNothingPendingIsDiverged() {
        Verdict verdict = Verdict.of(inspection(db("starting", 6), sled(VmmState.RUNNING, 7, NOW.minusSeconds(75)), nothingPending()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.DIVERGED);
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.reason()).isEqualTo("behind by 1 generation (sled running gen 7, changed 1 min 15 s ago), past the grace of 10 s,"
                + " and nothing is pending");
    }

    @Test
    void exactlyAtTheGraceIsStillWithinIt() {
        Verdict verdict = Verdict.of(inspection(db("starting", 6), sled(VmmState.RUNNING, 7, NOW.minus(GRACE)), new PendingView.NotAsked()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.BEHIND);
        assertThat(verdict.reason()).endsWith("no fetcher was asked whether a fetch is pending");
    }

    @Test
    void disagreeingAtOneGenerationIsDivergedWhateverIsPending() {
        Verdict verdict = Verdict.of(inspection(db("stopping", 7), sled(VmmState.RUNNING, 7, NOW), inFlight()), CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.DIVERGED);
        assertThat(verdict.reason()).isEqualTo("at gen 7 the database says stopping but the sled says running");
    }

    @Test
    void aDatabaseAheadOfTheSledIsDiverged() {
        Verdict verdict = Verdict.of(inspection(db("running", 9), sled(VmmState.RUNNING, 7, NOW), nothingPending()), CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.DIVERGED);
        assertThat(verdict.reason()).contains("ahead of the sled");
    }

    @Test
    void aVmmTheSledDroppedIsInSyncOnlyIfTheDatabaseHasItEnded() {
        SledAnswer gone = new SledAnswer.NoSuchVmm(sledView());

        assertThat(Verdict.of(inspection(db("failed", 9), gone, nothingPending()), CLOCK, GRACE).kind()).isEqualTo(Verdict.Kind.IN_SYNC);
        assertThat(Verdict.of(inspection(db("running", 9), gone, inFlight()), CLOCK, GRACE).kind()).isEqualTo(Verdict.Kind.BEHIND);
        assertThat(Verdict.of(inspection(db("running", 9), gone, nothingPending()), CLOCK, GRACE).kind()).isEqualTo(Verdict.Kind.DIVERGED);
    }

    @Test
    void noAnswerFromTheSledCannotTell() {
        Verdict verdict = Verdict.of(inspection(db("running", 7), new SledAnswer.NoAnswer("sled x is unreachable"), nothingPending()),
                CLOCK, GRACE);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.UNKNOWN);
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.reason()).endsWith("sled x is unreachable");
    }

    @Test
    void theRendererPrintsEverySectionAndTheVerdictAligned() {
        Inspection inspection = inspection(db("running", 7), sled(VmmState.RUNNING, 7, NOW.minusSeconds(5)), inFlight());
        List<String> lines = InspectRenderer.render(inspection, Verdict.of(inspection, CLOCK, GRACE));

        assertThat(lines).extracting(line -> line.substring(0, 10).strip())
                .containsExactly("VMM", "database", "", "sled", "states", "rings", "fetcher", "verdict");
        assertThat(lines).allSatisfy(line -> assertThat(line.charAt(9)).isEqualTo(' '));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("verdict   IN SYNC: the database has the sled's running gen 7");
        assertThat(lines.get(6)).startsWith("fetcher   pending: IN_FLIGHT").contains("1 in flight");
    }

    private static Inspection inspection(VmmView db, SledAnswer sled, PendingView pending) {
        return new Inspection(VMM, NOW, new DatabaseView(db, Optional.of("running")), sled,
                new TopicsView.Unreadable("not read in this test"), pending);
    }

    private static VmmView db(String state, long gen) {
        return new VmmView(VMM, UUID.randomUUID(), SLED, state, gen, NOW.minusSeconds(100), null, null, "fetch", NOW.minusSeconds(100),
                NOW.minusSeconds(3600));
    }

    private static SledView sledView() {
        return new SledView(SLED, "http://127.0.0.1:1", List.of("2.0.0"), "active", NOW.minusSeconds(3600), NOW.minusSeconds(3600));
    }

    private static SledAnswer sled(VmmState state, long gen, Instant updated) {
        return new SledAnswer.Holds(sledView(), ApiVersion.V2, new SledVmmState(new VmmRuntimeState(state, gen, updated)));
    }

    private static PendingView nothingPending() {
        return new PendingView.NothingPending("http://127.0.0.1:2");
    }

    private static PendingView inFlight() {
        return new PendingView.Entry("http://127.0.0.1:2", new PendingFetchView(VMM, 0, "IN_FLIGHT", true, NOW, NOW, 0, null, 1, NOW,
                null, null, null, "vmm.doorbells@0:12"));
    }
}
