package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.control.VmmGenerations.Generations;
import dev.doorbell.reconciler.sweep.SweepComparison.Decision;
import dev.doorbell.reconciler.sweep.SweepComparison.MigrationGens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SweepComparisonTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final SweptSled SLED = new SweptSled(UUID.randomUUID(), "http://127.0.0.1:1", List.of("2.0.0"), "active");

    private static SweptVmm vmm(String state, long generation) {
        return new SweptVmm(UUID.randomUUID(), SLED, state, generation, false);
    }

    private static SledVmmState reported(VmmState state, long gen) {
        return new SledVmmState(new VmmRuntimeState(state, gen, T));
    }

    private static MigrationRuntimeState side(UUID migration, long gen) {
        return new MigrationRuntimeState(migration, MigrationState.IN_PROGRESS, gen, T);
    }

    private static Decision decide(SweptVmm vmm, SledVmmState reported, Map<UUID, MigrationGens> migrations) {
        return SweepComparison.decide(List.of(vmm), Map.of(vmm.id(), Generations.of(reported)), Set.of(), migrations);
    }

    private static Decision unknown(SweptVmm vmm) {
        return SweepComparison.decide(List.of(vmm), Map.of(), Set.of(vmm.id()), Map.of());
    }

    @Test
    void aGreaterGenerationOnTheSledIsRung() {
        SweptVmm vmm = vmm("running", 3);
        assertThat(decide(vmm, reported(VmmState.STOPPING, 4), Map.of()).ring()).containsExactly(vmm);
    }

    @Test
    void anEqualOrSmallerGenerationIsConfirmed() {
        SweptVmm equal = vmm("running", 3);
        SweptVmm behind = vmm("failed", 5); // the control plane marked it failed at generation + 1
        assertThat(decide(equal, reported(VmmState.RUNNING, 3), Map.of()).confirmed()).containsExactly(equal);
        Decision d = decide(behind, reported(VmmState.RUNNING, 4), Map.of());
        assertThat(d.confirmed()).containsExactly(behind);
        assertThat(d.ring()).isEmpty();
    }

    @Test
    void aFailedVmmTheSledStillReportsWithANewerGenerationIsRung() {
        SweptVmm vmm = vmm("failed", 5);
        assertThat(decide(vmm, reported(VmmState.RUNNING, 6), Map.of()).ring()).containsExactly(vmm);
    }

    @Test
    void aMigrationSideNewerThanTheRowsSideIsRung() {
        UUID migration = UUID.randomUUID();
        SweptVmm target = vmm("migrating", 3);
        SweptVmm source = vmm("migrating", 7);
        Map<UUID, MigrationGens> rows = Map.of(migration, new MigrationGens(2, 4));
        SledVmmState in = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 3, T), side(migration, 5), null);
        SledVmmState out = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 7, T), null, side(migration, 3));
        assertThat(decide(target, in, rows).ring()).as("migration_in gen 5 > target_gen 4").containsExactly(target);
        assertThat(decide(source, out, rows).ring()).as("migration_out gen 3 > source_gen 2").containsExactly(source);
    }

    @Test
    void aMigrationSideNotNewerIsConfirmedAndTheSidesAreNotMixedUp() {
        UUID migration = UUID.randomUUID();
        SweptVmm target = vmm("migrating", 3);
        SweptVmm source = vmm("migrating", 7);
        // source_gen 5, target_gen 2: each side compared with its own generation only
        Map<UUID, MigrationGens> rows = Map.of(migration, new MigrationGens(5, 2));
        SledVmmState in = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 3, T), side(migration, 2), null);
        SledVmmState out = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 7, T), null, side(migration, 5));
        assertThat(decide(target, in, rows).confirmed()).containsExactly(target);
        assertThat(decide(source, out, rows).confirmed()).containsExactly(source);
        SledVmmState outAhead = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 7, T), null, side(migration, 6));
        assertThat(decide(source, outAhead, rows).ring()).containsExactly(source);
    }

    @Test
    void aMigrationTheDatabaseHasNoRowForIsRung() {
        SweptVmm vmm = vmm("migrating", 3);
        SledVmmState in = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 3, T), side(UUID.randomUUID(), 1), null);
        assertThat(decide(vmm, in, Map.of()).ring()).containsExactly(vmm);
    }

    @Test
    void aVmmTheSledDoesNotKnowIsRungUnlessFailedOrCreating() {
        for (String state : List.of("starting", "running", "stopping", "stopped", "rebooting", "migrating")) {
            SweptVmm vmm = vmm(state, 3);
            assertThat(unknown(vmm).ring()).as(state).containsExactly(vmm);
        }
        SweptVmm failed = vmm("failed", 4);
        SweptVmm creating = vmm("creating", 1);
        assertThat(unknown(failed).confirmed()).as("nothing to learn").containsExactly(failed);
        assertThat(unknown(creating).confirmed()).as("no sled need know it yet").containsExactly(creating);
    }

    @Test
    void aCreatingVmmIsRungOnlyWhenItsSledReportsANewerGeneration() {
        SweptVmm vmm = vmm("creating", 1);
        assertThat(decide(vmm, reported(VmmState.STARTING, 2), Map.of()).ring()).as("a lost first ring").containsExactly(vmm);
        assertThat(decide(vmm, reported(VmmState.STARTING, 1), Map.of()).confirmed()).containsExactly(vmm);
    }

    @Test
    void aVmmTheAnswerDoesNotMentionIsUncheckedAndUncheckedOnesAreRungButCreatingOnes() {
        SweptVmm omitted = vmm("running", 3);
        SweptVmm creating = vmm("creating", 1);
        Decision d = SweepComparison.decide(List.of(omitted, creating), Map.of(), Set.of(), Map.of());
        assertThat(d.unchecked()).containsExactly(omitted, creating);
        assertThat(d.ring()).isEmpty();
        assertThat(d.confirmed()).isEmpty();
        assertThat(SweepComparison.ringUnchecked(omitted)).isTrue();
        assertThat(SweepComparison.ringUnchecked(creating)).isFalse();
        assertThat(SweepComparison.ringUnchecked(vmm("failed", 4))).as("as omicron's watcher").isTrue();
    }

    @Test
    void aPageIsSplitKeepingItsOrder() {
        SweptVmm a = vmm("running", 3);
        SweptVmm b = vmm("running", 3);
        SweptVmm c = vmm("stopped", 5);
        Decision d = SweepComparison.decide(List.of(a, b, c),
                Map.of(a.id(), Generations.of(reported(VmmState.RUNNING, 3)), c.id(), Generations.of(reported(VmmState.STOPPED, 6))),
                Set.of(b.id()), Map.of());
        assertThat(d.ring()).containsExactly(b, c);
        assertThat(d.confirmed()).containsExactly(a);
    }

    @Test
    void migrationIdsAreThoseOfEitherSide() {
        UUID in = UUID.randomUUID();
        UUID out = UUID.randomUUID();
        assertThat(SweepComparison.migrationIds(Stream.of(reported(VmmState.RUNNING, 1),
                new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 3, T), side(in, 2), null),
                new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 3, T), null, side(out, 2))).map(Generations::of).toList()))
                .containsExactlyInAnyOrder(in, out);
    }
}
