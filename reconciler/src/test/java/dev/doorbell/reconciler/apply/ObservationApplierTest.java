package dev.doorbell.reconciler.apply;

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
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.util.List;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The applier against a real PostgreSQL, one fresh database per test. */
@Tag("servers")
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
        rows.placed(vmm, sled); // as the control plane inserts it before calling the sled
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ApplyResult apply(VmmStateObservation... observations) throws Exception {
        return applier.apply(read(observations));
    }

    @Test
    void aReportMovesThePlacedRowAndKeepsItsInstanceAndSled() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        rows.instance(instance, other, null, null);
        rows.vmm(other, instance, sled, "creating", 1);

        ApplyResult result = apply(state(other, sled, VmmState.STARTING, 2));

        assertThat(result.vmmRowsChanged()).isEqualTo(1);
        assertThat(result.refusals()).isEmpty();
        assertThat(rows.vmm(other)).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo("starting");
            assertThat(row.generation()).isEqualTo(2);
            assertThat(row.sledId()).isEqualTo(sled);
        });
        assertThat(rows.instanceOf(other)).isEqualTo(instance);
        assertThat(rows.lastSource(other)).isEqualTo("fetch");
    }

    @Test
    void anObservationOfAnUnknownVmmIsRefusedAndWritesNoRow() throws Exception {
        UUID unknown = UUID.randomUUID();

        ApplyResult result = apply(state(vmm, sled, VmmState.STARTING, 2), state(unknown, sled, VmmState.RUNNING, 3),
                noSuch(unknown, sled, at(10)), unreachable(unknown, sled, at(11)));

        assertThat(result.refusals()).extracting(Refusal::index, Refusal::reason).containsExactly(
                Tuple.tuple(1, RefusalReason.UNKNOWN_VMM),
                Tuple.tuple(2, RefusalReason.UNKNOWN_VMM),
                Tuple.tuple(3, RefusalReason.UNKNOWN_VMM));
        assertThat(result.vmmRowsChanged()).as("the known VMM's report is applied").isEqualTo(1);
        assertThat(result.stale()).as("a refused report is not stale").isZero();
        assertThat(rows.vmm(unknown)).isEmpty();
        assertThat(rows.count("vmm")).isEqualTo(1);
    }

    /**
     * A batch that names no migration is screened after its writes: changes to known VMMs send no lookup of the
     * VMMs at all; a report that no write found a row for (here one older than the row's last observation) is
     * looked up then, and applied as stale rather than refused.
     */
    @Test
    void aBatchOfChangesIsScreenedByItsWrites() throws Exception {
        UUID other = UUID.randomUUID();
        rows.placed(other, sled);
        StatementLog log = new StatementLog();
        ObservationApplier recorded = new ObservationApplier(log.wrap(database.dataSource()));

        ApplyResult changes = recorded.apply(read(state(vmm, sled, VmmState.STARTING, 2), state(other, sled, VmmState.STARTING, 2)));

        assertThat(changes.vmmRowsChanged()).isEqualTo(2);
        assertThat(log.sent()).as("only the update").containsExactly(GuardedWrites.UPDATE_VMM);

        log.clear();
        ApplyResult stale = recorded.apply(List.of(read(stateObservedAt(vmm, sled, VmmState.STARTING, 2, at(1)))));

        assertThat(stale.refusals()).isEmpty();
        assertThat(stale.stale()).isEqualTo(1);
        assertThat(log.sent()).as("update, touch, then the lookup of the VMM no write found")
                .containsExactly(GuardedWrites.UPDATE_VMM, GuardedWrites.TOUCH_VMM, ObservationScreen.KNOWN_VMMS);
    }

    @Test
    void adoptingCreatesRowsFromReportsAsARebuildDoes() throws Exception {
        ObservationApplier adopting = new ObservationApplier(database.dataSource(), UnknownRows.ADOPT);
        UUID source = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();

        ApplyResult result = adopting.apply(read(
                state(source, sled, VmmState.MIGRATING, 4, null, migration(migrationId, MigrationState.IN_PROGRESS, 3), null),
                state(target, sled, VmmState.MIGRATING, 3, migration(migrationId, MigrationState.IN_PROGRESS, 2), null, null),
                state(target, sled, VmmState.MIGRATING, 4, null, migration(migrationId, MigrationState.IN_PROGRESS, 4), null),
                noSuch(UUID.randomUUID(), sled, at(10))));

        assertThat(result.refusals()).extracting(Refusal::index, Refusal::reason).containsExactly(
                Tuple.tuple(2, RefusalReason.NOT_MIGRATION_SOURCE),
                Tuple.tuple(3, RefusalReason.UNKNOWN_VMM));
        assertThat(rows.vmm(source)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("migrating");
            assertThat(r.generation()).isEqualTo(4);
            assertThat(r.sledId()).isEqualTo(sled);
        });
        assertThat(rows.vmm(target)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(3));
        assertThat(rows.migrations()).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("source_vmm_id", source).containsEntry("source_state", "in_progress").containsEntry("source_gen", 3L)
                .containsEntry("target_vmm_id", target).containsEntry("target_state", "in_progress").containsEntry("target_gen", 2L));
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
        UUID unknown = new UUID(0, 0); // a legacy upcall that named no sled, adopted by a rebuild
        UUID legacy = UUID.randomUUID();
        rows.placed(legacy, unknown);
        apply(stateObservedAt(legacy, unknown, VmmState.RUNNING, 3, at(10)));
        assertThat(rows.vmm(legacy)).hasValueSatisfying(r -> assertThat(r.sledId()).isEqualTo(unknown));

        ApplyResult sameGeneration = apply(stateObservedAt(legacy, sled, VmmState.RUNNING, 3, at(11)));
        assertThat(sameGeneration.vmmRowsChanged()).as("the state did not change").isZero();
        assertThat(rows.vmm(legacy)).hasValueSatisfying(r -> assertThat(r.sledId()).isEqualTo(sled));

        apply(stateObservedAt(legacy, unknown, VmmState.STOPPING, 4, at(12)));
        apply(stateObservedAt(legacy, UUID.randomUUID(), VmmState.RUNNING, 3, at(13)));
        assertThat(rows.vmm(legacy)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("stopping");
            assertThat(r.sledId()).as("a known sled is never replaced").isEqualTo(sled);
        });
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
        ApplyResult placedGeneration = apply(state(vmm, sled, VmmState.STARTING, 1));

        assertThat(List.of(stale, duplicate, sameGenDifferentState, placedGeneration))
                .allSatisfy(r -> assertThat(r.vmmRowsChanged()).isZero())
                .allSatisfy(r -> assertThat(r.stale()).isEqualTo(1));
        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("running");
        assertThat(row.generation()).isEqualTo(3);
    }

    @Test
    void newerGenerationWinsAndKeepsTheInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID started = UUID.randomUUID();
        rows.instance(instance, started, null, null);
        rows.vmm(started, instance, sled, "creating", 1);

        apply(state(started, sled, VmmState.RUNNING, 2), state(started, sled, VmmState.STOPPING, 4),
                state(started, sled, VmmState.RUNNING, 3));

        VmmRow row = rows.vmm(started).orElseThrow();
        assertThat(row.state()).isEqualTo("stopping");
        assertThat(row.generation()).isEqualTo(4);
        assertThat(rows.instanceOf(started)).isEqualTo(instance);
    }

    /** A migration as the control plane records it: source active, target and migration linked, both sides pending. */
    private record Migrating(UUID instance, UUID source, UUID target, UUID id) {}

    private Migrating migrating(String sourceState, long sourceGen, String targetState, long targetGen) throws Exception {
        Migrating m = new Migrating(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        rows.instance(m.instance(), m.source(), m.target(), m.id());
        rows.vmm(m.source(), m.instance(), sled, sourceState, sourceGen);
        rows.vmm(m.target(), m.instance(), sled, targetState, targetGen);
        rows.migration(m.id(), m.instance(), m.source(), m.target());
        return m;
    }

    @Test
    void bothSidesOfAMigrationMoveTheInstanceToTheTarget() throws Exception {
        UUID targetSled = UUID.randomUUID();
        Migrating m = migrating("running", 3, "creating", 1);

        apply(state(m.source(), sled, VmmState.MIGRATING, 4, null, migration(m.id(), MigrationState.IN_PROGRESS, 2), null),
                state(m.target(), targetSled, VmmState.MIGRATING, 2, migration(m.id(), MigrationState.IN_PROGRESS, 2), null, null));
        assertThat(rows.instance(m.instance()).activeVmmId()).as("in progress: the source is still active").isEqualTo(m.source());

        apply(state(m.source(), sled, VmmState.MIGRATING, 5, null, migration(m.id(), MigrationState.COMPLETED, 3), null));
        apply(state(m.target(), targetSled, VmmState.RUNNING, 3, migration(m.id(), MigrationState.COMPLETED, 3), null, null));
        apply(state(m.source(), sled, VmmState.DESTROYED, 6, null, migration(m.id(), MigrationState.COMPLETED, 3), null));

        InstanceRow row = rows.instance(m.instance());
        assertThat(row.activeVmmId()).isEqualTo(m.target());
        assertThat(row.targetVmmId()).isNull();
        assertThat(row.migrationId()).isNull();
        assertThat(row.state()).isEqualTo("vmm");
        assertThat(rows.vmm(m.source()).orElseThrow().state()).isEqualTo("destroyed");
        assertThat(rows.vmm(m.target()).orElseThrow().state()).isEqualTo("running");
        assertThat(rows.migrations()).singleElement().satisfies(row2 -> assertThat(row2).containsEntry("id", m.id())
                .containsEntry("source_vmm_id", m.source()).containsEntry("target_vmm_id", m.target())
                .containsEntry("source_state", "completed").containsEntry("source_gen", 3L)
                .containsEntry("target_state", "completed").containsEntry("target_gen", 3L));
    }

    @Test
    void theSourceCompletingMakesTheTargetActiveButOnlyTheTargetCompletingEndsTheMigration() throws Exception {
        Migrating m = migrating("migrating", 4, "migrating", 2);

        apply(state(m.source(), sled, VmmState.MIGRATING, 5, null, migration(m.id(), MigrationState.COMPLETED, 3), null));

        InstanceRow afterSource = rows.instance(m.instance());
        assertThat(afterSource.activeVmmId()).isEqualTo(m.target());
        assertThat(afterSource.migrationId()).as("kept until the target reports").isEqualTo(m.id());
        assertThat(afterSource.targetVmmId()).isEqualTo(m.target());

        apply(state(m.target(), sled, VmmState.RUNNING, 3, migration(m.id(), MigrationState.COMPLETED, 3), null, null));

        InstanceRow afterTarget = rows.instance(m.instance());
        assertThat(afterTarget.activeVmmId()).isEqualTo(m.target());
        assertThat(afterTarget.migrationId()).isNull();
        assertThat(afterTarget.targetVmmId()).isNull();
    }

    @Test
    void theTargetCompletingAloneEndsTheMigration() throws Exception {
        Migrating m = migrating("migrating", 4, "migrating", 2);

        apply(state(m.target(), sled, VmmState.RUNNING, 3, migration(m.id(), MigrationState.COMPLETED, 3), null, null));

        InstanceRow row = rows.instance(m.instance());
        assertThat(row.activeVmmId()).isEqualTo(m.target());
        assertThat(row.targetVmmId()).isNull();
        assertThat(row.migrationId()).isNull();
    }

    @Test
    void sourceCompletedAndDestroyedInOneBatchStillLeavesTheTargetActive() throws Exception {
        Migrating m = migrating("running", 3, "migrating", 2);

        apply(state(m.source(), sled, VmmState.MIGRATING, 4, null, migration(m.id(), MigrationState.COMPLETED, 3), null),
                state(m.source(), sled, VmmState.DESTROYED, 5, null, migration(m.id(), MigrationState.COMPLETED, 3), null));

        InstanceRow row = rows.instance(m.instance());
        assertThat(row.activeVmmId()).isEqualTo(m.target());
        assertThat(row.state()).isEqualTo("vmm");
    }

    @Test
    void aMigrationFailedOnEitherSideClearsTheTarget() throws Exception {
        Migrating byTarget = migrating("migrating", 4, "migrating", 2);
        Migrating bySource = migrating("migrating", 4, "migrating", 2);

        apply(state(byTarget.target(), sled, VmmState.MIGRATING, 3, migration(byTarget.id(), MigrationState.FAILED, 3), null, null),
                state(bySource.source(), sled, VmmState.RUNNING, 5, null, migration(bySource.id(), MigrationState.FAILED, 3), null));

        for (Migrating m : List.of(byTarget, bySource)) {
            InstanceRow row = rows.instance(m.instance());
            assertThat(row.activeVmmId()).isEqualTo(m.source());
            assertThat(row.targetVmmId()).isNull();
            assertThat(row.migrationId()).isNull();
            assertThat(row.state()).isEqualTo("vmm");
        }
    }

    @Test
    void aSideReportedByAVmmThatIsNotThatSidesVmmIsRefusedWhole() throws Exception {
        Migrating m = migrating("migrating", 4, "migrating", 2);

        ApplyResult result = apply(
                state(m.target(), sled, VmmState.RUNNING, 3, null, migration(m.id(), MigrationState.COMPLETED, 3), null),
                state(m.source(), sled, VmmState.DESTROYED, 5, migration(m.id(), MigrationState.COMPLETED, 3), null, null),
                state(m.source(), sled, VmmState.DESTROYED, 6, null, migration(UUID.randomUUID(), MigrationState.COMPLETED, 3), null),
                state(m.source(), sled, VmmState.DESTROYED, 7, migration(m.id(), MigrationState.COMPLETED, 3),
                        migration(m.id(), MigrationState.COMPLETED, 3), null));

        assertThat(result.refusals()).extracting(Refusal::reason).containsExactly(RefusalReason.NOT_MIGRATION_SOURCE,
                RefusalReason.NOT_MIGRATION_TARGET, RefusalReason.UNKNOWN_MIGRATION, RefusalReason.SELF_MIGRATION);
        assertThat(result.vmmRowsChanged()).isZero();
        assertThat(result.stale()).as("a refused report is not stale").isZero();
        assertThat(rows.vmm(m.source()).orElseThrow().state()).as("nothing of a refused report is applied").isEqualTo("migrating");
        assertThat(rows.vmm(m.target()).orElseThrow().state()).isEqualTo("migrating");
        assertThat(rows.migrations()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("source_state", "pending").containsEntry("target_state", "pending"));
        assertThat(rows.instance(m.instance()).activeVmmId()).isEqualTo(m.source());
    }

    @Test
    void olderMigrationSideIsIgnored() throws Exception {
        Migrating m = migrating("migrating", 4, "migrating", 2);
        apply(state(m.source(), sled, VmmState.MIGRATING, 5, null, migration(m.id(), MigrationState.IN_PROGRESS, 3), null));
        ApplyResult result = apply(
                state(m.source(), sled, VmmState.MIGRATING, 6, null, migration(m.id(), MigrationState.IN_PROGRESS, 2), null));

        assertThat(result.migrationSidesChanged()).isZero();
        assertThat(rows.migrations()).singleElement().satisfies(row ->
                assertThat(row).containsEntry("source_state", "in_progress").containsEntry("source_gen", 3L));
    }

    @Test
    void destroyedVmmReleasesItsInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        apply(state(vmm, sled, VmmState.RUNNING, 2));

        apply(state(vmm, sled, VmmState.DESTROYED, 3));

        InstanceRow row = rows.instance(instance);
        assertThat(row.state()).isEqualTo("no_vmm");
        assertThat(row.activeVmmId()).isNull();
        assertThat(row.failureReason()).isNull();
    }

    @Test
    void aFailureTheSledReportsIsFromSledAgentWithTheSledsReasonAsDetail() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        apply(state(vmm, sled, VmmState.RUNNING, 2));

        apply(failed(vmm, sled, 3, "propolis_crashed"));

        InstanceRow row = rows.instance(instance);
        assertThat(row.state()).isEqualTo("failed");
        assertThat(row.failureReason()).isEqualTo("from_sled_agent");
        assertThat(row.activeVmmId()).isNull();
        assertThat(rows.vmm(vmm).orElseThrow()).satisfies(v -> {
            assertThat(v.failureReason()).isEqualTo("from_sled_agent");
            assertThat(v.failureDetail()).isEqualTo("propolis_crashed");
        });
    }

    @Test
    void aFailureReportedWithoutAReasonIsFromSledAgentWithoutDetail() throws Exception {
        apply(failed(vmm, sled, 3, null)); // API 1.0.0 has no failure_reason

        assertThat(rows.vmm(vmm).orElseThrow()).satisfies(v -> {
            assertThat(v.failureReason()).isEqualTo("from_sled_agent");
            assertThat(v.failureDetail()).isNull();
        });
    }

    @Test
    void staleDestroyedDoesNotReleaseTheInstance() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);
        apply(state(vmm, sled, VmmState.RUNNING, 5));

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
        apply(state(vmm, sled, VmmState.RUNNING, 4));

        ApplyResult result = apply(noSuch(vmm, sled, at(10)), noSuch(vmm, sled, at(11)));

        assertThat(result.markedFailed()).isEqualTo(1);
        VmmRow row = rows.vmm(vmm).orElseThrow();
        assertThat(row.state()).isEqualTo("failed");
        assertThat(row.failureReason()).isEqualTo("no_such_instance");
        assertThat(row.failureDetail()).isNull();
        assertThat(row.generation()).isEqualTo(5);
        assertThat(rows.instance(instance).state()).isEqualTo("failed");
        assertThat(rows.instance(instance).failureReason()).as("the instance's reason is its VMM's").isEqualTo("no_such_instance");
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

        assertThat(rows.vmm(vmm).orElseThrow()).satisfies(r -> {
            assertThat(r.state()).isEqualTo("stopping");
            assertThat(r.failureReason()).as("only a failed VMM has a reason").isNull();
        });
    }

    @Test
    void sledUnreachableFailsTheVmmOnlyIfTheSledIsOffOrExpunged() throws Exception {
        UUID offSled = UUID.randomUUID();
        UUID expungedSled = UUID.randomUUID();
        UUID onOff = UUID.randomUUID();
        UUID onExpunged = UUID.randomUUID();
        UUID onActive = vmm;
        UUID instance = UUID.randomUUID();
        rows.sled(sled, "active");
        rows.sled(offSled, "off");
        rows.sled(expungedSled, "expunged");
        rows.placed(onOff, offSled);
        rows.placed(onExpunged, expungedSled);
        rows.instance(instance, onOff, null, null);
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
        assertThat(rows.instance(instance).failureReason()).isEqualTo("sled_off");
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
        UUID unknown = UUID.randomUUID();
        rows.placed(other, sled);
        List<VmmStateObservation> stream = List.of(state(vmm, sled, VmmState.RUNNING, 3), noSuch(vmm, sled, at(10)),
                state(unknown, sled, VmmState.RUNNING, 3),
                state(vmm, sled, VmmState.RUNNING, 4), state(other, sled, VmmState.STARTING, 2),
                state(vmm, sled, VmmState.STOPPING, 6), state(other, sled, VmmState.RUNNING, 3), noSuch(other, sled, at(11)));

        ApplyResult batch = applier.apply(stream.stream().map(TestObservations::read).toList());
        try (Database oneByOne = TestDatabases.create(postgres)) {
            Rows single = new Rows(oneByOne.dataSource());
            single.placed(vmm, sled);
            single.placed(other, sled);
            ObservationApplier singleApplier = new ObservationApplier(oneByOne.dataSource());
            int refused = 0;
            for (VmmStateObservation o : stream) {
                refused += singleApplier.apply(List.of(read(o))).refusals().size();
            }
            assertThat(rows.vmms()).isEqualTo(single.vmms());
            assertThat(refused).isEqualTo(batch.refusals().size()).isEqualTo(1);
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
