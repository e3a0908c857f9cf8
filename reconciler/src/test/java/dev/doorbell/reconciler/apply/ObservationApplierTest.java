package dev.doorbell.reconciler.apply;

import dev.doorbell.reconciler.db.TestDatabases;

import static dev.doorbell.reconciler.apply.TestObservations.at;
import static dev.doorbell.reconciler.apply.TestObservations.failed;
import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.noSuch;
import static dev.doorbell.reconciler.apply.TestObservations.read;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static dev.doorbell.reconciler.apply.TestObservations.stateObservedAt;
import static dev.doorbell.reconciler.apply.TestObservations.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.apply.Rows.InstanceRow;
import dev.doorbell.reconciler.apply.Rows.VmmRow;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The applier against a real PostgreSQL, one fresh database per test. */
@ExtendWith(PostgresExtension.class)
class ObservationApplierTest {

    private final UUID sled = UUID.randomUUID();
    private final UUID vmm = UUID.randomUUID();
    private Database database;
    private ObservationApplier applier;
    private Rows rows;

    @BeforeEach
    void open(PostgresServer postgres) throws Exception {
        database = TestDatabases.create(postgres);
        applier = new ObservationApplier(database.dataSource());
        rows = new Rows(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ApplyResult apply(VmmStateObservation... observations) throws Exception {
        return applier.apply(read(observations));
    }

    @Test
    void createsRowFromFirstObservationWithoutInstance() throws Exception {
        ApplyResult result = apply(state(vmm, sled, VmmState.STARTING, 1));

        assertThat(result.vmmRowsChanged()).isEqualTo(1);
        assertThat(rows.vmm(vmm)).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo("starting");
            assertThat(row.generation()).isEqualTo(1);
            assertThat(row.sledId()).isEqualTo(sled);
        });
        assertThat(rows.instanceOf(vmm)).isNull();
        assertThat(rows.lastSource(vmm)).isEqualTo("fetch");
    }

    @Test
    void aDuplicateObservedLaterMovesLastObservedAtAndNothingElse() throws Exception {
        apply(state(vmm, sled, VmmState.RUNNING, 3));
        VmmRow before = rows.vmm(vmm).orElseThrow();
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(3).plusMillis(1));

        ApplyResult duplicate = apply(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(60)));

        assertThat(duplicate.vmmRowsChanged()).isZero();
        assertThat(duplicate.stale()).isEqualTo(1);
        assertThat(rows.vmm(vmm)).contains(before);
        assertThat(rows.lastSource(vmm)).isEqualTo("fetch");
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(60));
    }

    @Test
    void anUnknownSledIsFilledInByTheFirstReportNamingTheSledAndAKnownOneNeverChanges() throws Exception {
        UUID unknown = new UUID(0, 0); // a legacy upcall that named no sled
        apply(stateObservedAt(vmm, unknown, VmmState.RUNNING, 3, at(10)));
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.sledId()).isEqualTo(unknown));

        ApplyResult sameGeneration = apply(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(11)));
        assertThat(sameGeneration.vmmRowsChanged()).as("the state did not change").isZero();
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.sledId()).isEqualTo(sled));

        apply(stateObservedAt(vmm, unknown, VmmState.STOPPING, 4, at(12)));
        apply(stateObservedAt(vmm, UUID.randomUUID(), VmmState.RUNNING, 3, at(13)));
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("stopping");
            assertThat(r.sledId()).as("a known sled is never replaced").isEqualTo(sled);
        });

        UUID other = UUID.randomUUID();
        apply(stateObservedAt(other, unknown, VmmState.STARTING, 1, at(1)));
        apply(stateObservedAt(other, sled, VmmState.RUNNING, 2, at(2)));
        assertThat(rows.vmm(other)).hasValueSatisfying(r -> assertThat(r.sledId()).as("filled by a newer state").isEqualTo(sled));
    }

    @Test
    void lastObservedAtFollowsStaleReportsButNeverGoesBack() throws Exception {
        apply(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(10)));
        VmmRow before = rows.vmm(vmm).orElseThrow();

        apply(stateObservedAt(vmm, sled, VmmState.STARTING, 2, at(20))); // stale generation, observed later
        assertThat(rows.vmm(vmm)).contains(before);
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(20));

        apply(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(15))); // observed before what the row has seen
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(20));

        apply(stateObservedAt(vmm, sled, VmmState.STOPPING, 4, at(18))); // a newer state changes the row, not the time back
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("stopping"));
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(20));
    }

    @Test
    void aBatchMovesLastObservedAtToItsLatestReportOfTheVmm() throws Exception {
        ApplyResult result = apply(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(10)),
                stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(30)),
                stateObservedAt(vmm, sled, VmmState.STARTING, 2, at(20)));

        assertThat(result.vmmRowsChanged()).isEqualTo(1);
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("running");
            assertThat(r.generation()).isEqualTo(3);
        });
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(30));
    }

    @Test
    void staleAndDuplicateObservationsAreIgnored() throws Exception {
        apply(state(vmm, sled, VmmState.RUNNING, 3));

        ApplyResult stale = apply(state(vmm, sled, VmmState.STARTING, 2));
        ApplyResult duplicate = apply(state(vmm, sled, VmmState.RUNNING, 3));
        ApplyResult sameGenDifferentState = apply(state(vmm, sled, VmmState.STOPPING, 3));

        assertThat(List.of(stale, duplicate, sameGenDifferentState))
                .allSatisfy(r -> assertThat(r.vmmRowsChanged()).isZero())
                .allSatisfy(r -> assertThat(r.stale()).isEqualTo(1));
        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("running");
        assertThat(row.generation()).isEqualTo(3);
    }

    @Test
    void newerGenerationWinsAndKeepsTheInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        rows.vmm(vmm, instance, sled, "starting", 1);

        apply(state(vmm, sled, VmmState.RUNNING, 2), state(vmm, sled, VmmState.STOPPING, 4),
                state(vmm, sled, VmmState.RUNNING, 3));

        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("stopping");
        assertThat(row.generation()).isEqualTo(4);
        assertThat(rows.instanceOf(vmm)).isEqualTo(instance);
    }

    @Test
    void bothSidesOfAMigrationMoveTheInstanceToTheTarget() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID source = vmm;
        UUID target = UUID.randomUUID();
        UUID targetSled = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        rows.instance(instance, source, target, migrationId);
        rows.vmm(source, instance, sled, "running", 3);
        rows.vmm(target, instance, targetSled, "starting", 1);

        apply(state(source, sled, VmmState.MIGRATING, 4, null, migration(migrationId, MigrationState.IN_PROGRESS, 2), null),
                state(target, targetSled, VmmState.MIGRATING, 2, migration(migrationId, MigrationState.IN_PROGRESS, 2), null, null));
        assertThat(rows.instance(instance).activeVmmId()).as("in progress: the source is still active").isEqualTo(source);

        apply(state(source, sled, VmmState.MIGRATING, 5, null, migration(migrationId, MigrationState.COMPLETED, 3), null));
        apply(state(target, targetSled, VmmState.RUNNING, 3, migration(migrationId, MigrationState.COMPLETED, 3), null, null));
        apply(state(source, sled, VmmState.DESTROYED, 6, null, migration(migrationId, MigrationState.COMPLETED, 3), null));

        InstanceRow row = rows.instance(instance);
        assertThat(row.activeVmmId()).isEqualTo(target);
        assertThat(row.targetVmmId()).isNull();
        assertThat(row.migrationId()).isNull();
        assertThat(row.state()).isEqualTo("vmm");
        assertThat(rows.vmm(source).orElseThrow().state()).isEqualTo("destroyed");
        assertThat(rows.vmm(target).orElseThrow().state()).isEqualTo("running");
        assertThat(rows.migrations()).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("id", migrationId)
                    .containsEntry("source_vmm_id", source).containsEntry("target_vmm_id", target)
                    .containsEntry("source_state", "completed").containsEntry("source_gen", 3L)
                    .containsEntry("target_state", "completed").containsEntry("target_gen", 3L);
        });
    }

    @Test
    void targetReportingCompletionPromotesItEvenIfTheSourceSaysNothingYet() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        rows.instance(instance, vmm, target, null); // the control API may not record the migration id
        rows.vmm(vmm, instance, sled, "migrating", 4);
        rows.vmm(target, instance, sled, "migrating", 2);

        apply(state(target, sled, VmmState.RUNNING, 3, migration(migrationId, MigrationState.COMPLETED, 3), null, null));

        assertThat(rows.instance(instance).activeVmmId()).isEqualTo(target);
        assertThat(rows.instance(instance).targetVmmId()).isNull();
    }

    @Test
    void sourceCompletedAndDestroyedInOneBatchStillLeavesTheTargetActive() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        rows.instance(instance, vmm, target, migrationId);
        rows.vmm(vmm, instance, sled, "running", 3);
        rows.vmm(target, instance, sled, "migrating", 2);

        apply(state(vmm, sled, VmmState.MIGRATING, 4, null, migration(migrationId, MigrationState.COMPLETED, 3), null),
                state(vmm, sled, VmmState.DESTROYED, 5, null, migration(migrationId, MigrationState.COMPLETED, 3), null));

        InstanceRow row = rows.instance(instance);
        assertThat(row.activeVmmId()).isEqualTo(target);
        assertThat(row.state()).isEqualTo("vmm");
    }

    @Test
    void failedMigrationClearsTheTarget() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        rows.instance(instance, vmm, target, migrationId);
        rows.vmm(vmm, instance, sled, "migrating", 4);
        rows.vmm(target, instance, sled, "migrating", 2);

        apply(state(target, sled, VmmState.MIGRATING, 3, migration(migrationId, MigrationState.FAILED, 3), null, null));

        InstanceRow row = rows.instance(instance);
        assertThat(row.activeVmmId()).isEqualTo(vmm);
        assertThat(row.targetVmmId()).isNull();
        assertThat(row.migrationId()).isNull();
    }

    @Test
    void olderMigrationSideIsIgnored() throws Exception {
        UUID migrationId = UUID.randomUUID();
        apply(state(vmm, sled, VmmState.MIGRATING, 5, null, migration(migrationId, MigrationState.COMPLETED, 3), null));
        ApplyResult result = apply(
                state(vmm, sled, VmmState.MIGRATING, 6, null, migration(migrationId, MigrationState.IN_PROGRESS, 2), null));

        assertThat(result.migrationSidesChanged()).isZero();
        assertThat(rows.migrations()).singleElement().satisfies(m ->
                assertThat(m).containsEntry("source_state", "completed").containsEntry("source_gen", 3L));
    }

    @Test
    void destroyedVmmReleasesItsInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        rows.vmm(vmm, instance, sled, "running", 2);

        apply(state(vmm, sled, VmmState.DESTROYED, 3));

        InstanceRow row = rows.instance(instance);
        assertThat(row.state()).isEqualTo("no_vmm");
        assertThat(row.activeVmmId()).isNull();
    }

    @Test
    void failedVmmFailsItsInstanceWithTheReason() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        rows.vmm(vmm, instance, sled, "running", 2);

        apply(failed(vmm, sled, 3, "propolis_crashed"));

        InstanceRow row = rows.instance(instance);
        assertThat(row.state()).isEqualTo("failed");
        assertThat(row.failureReason()).isEqualTo("propolis_crashed");
        assertThat(row.activeVmmId()).isNull();
        assertThat(rows.vmm(vmm).orElseThrow().failureReason()).isEqualTo("propolis_crashed");
    }

    @Test
    void staleDestroyedDoesNotReleaseTheInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        rows.vmm(vmm, instance, sled, "running", 5);

        apply(state(vmm, sled, VmmState.DESTROYED, 5));

        assertThat(rows.instance(instance).activeVmmId()).isEqualTo(vmm);
    }

    @Test
    void destroyedThenNoSuchVmmStaysDestroyed() throws Exception {
        apply(state(vmm, sled, VmmState.DESTROYED, 4));

        ApplyResult result = apply(noSuch(vmm, sled, at(10)));

        assertThat(result.markedFailed()).isZero();
        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("destroyed");
        assertThat(row.generation()).isEqualTo(4);
        assertThat(row.failureReason()).isNull();
    }

    @Test
    void runningThenNoSuchVmmBecomesFailedOneGenerationLater() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        rows.vmm(vmm, instance, sled, "starting", 1);
        apply(state(vmm, sled, VmmState.RUNNING, 4));

        ApplyResult result = apply(noSuch(vmm, sled, at(10)), noSuch(vmm, sled, at(11)));

        assertThat(result.markedFailed()).isEqualTo(1);
        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("failed");
        assertThat(row.failureReason()).isEqualTo("no_such_instance");
        assertThat(row.generation()).isEqualTo(5);
        assertThat(rows.instance(instance).state()).isEqualTo("failed");
        assertThat(rows.instance(instance).failureReason()).isEqualTo("no_such_instance");
    }

    @Test
    void noSuchVmmThenAnOlderSledStateInTheSameBatchStaysFailed() throws Exception {
        apply(state(vmm, sled, VmmState.RUNNING, 4));

        apply(noSuch(vmm, sled, at(10)), state(vmm, sled, VmmState.RUNNING, 5));

        // failed at generation 5 first; the sled's generation 5 is then not newer
        assertThat(rows.vmm(vmm).orElseThrow().state()).isEqualTo("failed");
    }

    @Test
    void aSledStillKnowingTheVmmWinsWithAHigherGeneration() throws Exception {
        apply(state(vmm, sled, VmmState.RUNNING, 4));
        apply(noSuch(vmm, sled, at(10)));

        apply(state(vmm, sled, VmmState.STOPPING, 6));

        assertThat(rows.vmm(vmm).orElseThrow().state()).isEqualTo("stopping");
    }

    @Test
    void noSuchVmmOfAnUnknownVmmCreatesNoRow() throws Exception {
        ApplyResult result = apply(noSuch(vmm, sled, at(10)), unreachable(vmm, sled, at(11)));

        assertThat(result.markedFailed()).isZero();
        assertThat(rows.count("vmm")).isZero();
    }

    @Test
    void sledUnreachableFailsTheVmmOnlyIfTheSledIsOffOrExpunged() throws Exception {
        UUID offSled = UUID.randomUUID();
        UUID expungedSled = UUID.randomUUID();
        UUID onOff = UUID.randomUUID();
        UUID onExpunged = UUID.randomUUID();
        UUID onActive = vmm;
        rows.sled(sled, "active");
        rows.sled(offSled, "off");
        rows.sled(expungedSled, "expunged");
        apply(state(onActive, sled, VmmState.RUNNING, 2), state(onOff, offSled, VmmState.RUNNING, 2),
                state(onExpunged, expungedSled, VmmState.RUNNING, 2));

        ApplyResult result = apply(unreachable(onActive, sled, at(10)), unreachable(onOff, offSled, at(10)),
                unreachable(onExpunged, expungedSled, at(10)));

        assertThat(result.markedFailed()).isEqualTo(2);
        assertThat(rows.vmm(onActive).orElseThrow()).satisfies(r -> {
            assertThat(r.state()).isEqualTo("running");
            assertThat(r.generation()).isEqualTo(2);
        });
        assertThat(rows.vmm(onOff).orElseThrow()).satisfies(r -> {
            assertThat(r.state()).isEqualTo("failed");
            assertThat(r.failureReason()).isEqualTo("sled_off");
            assertThat(r.generation()).isEqualTo(3);
        });
        assertThat(rows.vmm(onExpunged).orElseThrow().failureReason()).isEqualTo("sled_expunged");
    }

    @Test
    void sledUnreachableLeavesATerminalVmmAlone() throws Exception {
        rows.sled(sled, "off");
        apply(state(vmm, sled, VmmState.DESTROYED, 7));

        apply(unreachable(vmm, sled, at(10)));

        assertThat(rows.vmm(vmm).orElseThrow().state()).isEqualTo("destroyed");
    }

    @Test
    void aBatchEqualsTheSameObservationsOneByOne(PostgresServer postgres) throws Exception {
        UUID other = UUID.randomUUID();
        List<VmmStateObservation> stream = List.of(state(vmm, sled, VmmState.RUNNING, 3), noSuch(vmm, sled, at(10)),
                state(vmm, sled, VmmState.RUNNING, 4), state(other, sled, VmmState.STARTING, 1),
                state(vmm, sled, VmmState.STOPPING, 6), state(other, sled, VmmState.RUNNING, 2), noSuch(other, sled, at(11)));

        applier.apply(stream.stream().map(TestObservations::read).toList());
        try (Database oneByOne = TestDatabases.create(postgres)) {
            ObservationApplier single = new ObservationApplier(oneByOne.dataSource());
            for (VmmStateObservation o : stream) {
                single.apply(List.of(read(o)));
            }
            assertThat(rows.vmms()).isEqualTo(new Rows(oneByOne.dataSource()).vmms());
        }
        assertThat(rows.vmm(vmm).orElseThrow().generation()).isEqualTo(6);
        assertThat(rows.vmm(other).orElseThrow().failureReason()).isEqualTo("no_such_instance");
    }

    @Test
    void timesAreTheObservationsNotTheClock() throws Exception {
        apply(state(vmm, sled, VmmState.RUNNING, 3));

        assertThat(rows.vmm(vmm).orElseThrow().timeStateUpdated()).startsWith("2025-01-01");
    }
}
