package dev.doorbell.reconciler.apply;

import static dev.doorbell.reconciler.apply.TestObservations.at;
import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.noSuch;
import static dev.doorbell.reconciler.apply.TestObservations.read;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static dev.doorbell.reconciler.apply.TestObservations.stateObservedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guarded writes alone, against a real PostgreSQL: what {@link GuardedWrites.Changes} names (the input
 * of the instance reactions), and that no instance row is written here.
 */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class GuardedWritesTest {

    private final UUID sled = UUID.randomUUID();
    private final UUID vmm = UUID.randomUUID();
    private final GuardedWrites writes = new GuardedWrites(UnknownRows.REFUSE);
    private Database database;
    private Rows rows;

    @BeforeEach
    void open(PostgresServer postgres) throws Exception {
        database = TestDatabases.create(postgres);
        rows = new Rows(database.dataSource());
        rows.placed(vmm, sled);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Writes the observations as one round (each names a different VMM). */
    private GuardedWrites.Changes write(VmmStateObservation... observations) throws Exception {
        List<List<BatchPlan.Step>> rounds = BatchPlan.of(read(observations)).rounds();
        assertThat(rounds).hasSize(1);
        try (Connection c = database.dataSource().getConnection()) {
            return writes.write(c, rounds.getFirst());
        }
    }

    @Test
    void aNewerGenerationIsAChangeNamedWithItsObservationTimeAndNoInstanceIsWritten() throws Exception {
        UUID instance = UUID.randomUUID();
        rows.instance(instance, vmm, null, null);

        GuardedWrites.Changes changes = write(state(vmm, sled, VmmState.DESTROYED, 2));

        assertThat(changes.vmmRowsChanged()).isEqualTo(1);
        assertThat(changes.vmms()).isEqualTo(Map.of(vmm, at(2).plusMillis(1)));
        assertThat(changes.migrations()).isEmpty();
        assertThat(rows.vmm(vmm).orElseThrow().state()).isEqualTo("destroyed");
        assertThat(rows.instance(instance).activeVmmId()).as("reacting is the caller's job").isEqualTo(vmm);
        assertThat(rows.instance(instance).state()).isEqualTo("vmm");
    }

    /**
     * A state change that does not destroy the VMM rewrites its row in place (a HOT update: no index gets
     * a new entry), because no index names {@code state}; destroying it is the one update that moves the
     * row out of the sweep's index. Counted by PostgreSQL for the open transaction.
     */
    @Test
    void aStateChangeIsAHotUpdateUntilTheVmmIsDestroyed() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            writes.write(c, BatchPlan.of(List.of(read(state(vmm, sled, VmmState.RUNNING, 2)))).rounds().getFirst());
            writes.write(c, BatchPlan.of(List.of(read(state(vmm, sled, VmmState.STOPPING, 3)))).rounds().getFirst());
            assertThat(vmmUpdates(c)).as("updates, of them HOT").containsExactly(2L, 2L);

            writes.write(c, BatchPlan.of(List.of(read(state(vmm, sled, VmmState.DESTROYED, 4)))).rounds().getFirst());
            assertThat(vmmUpdates(c)).as("updates, of them HOT").containsExactly(3L, 2L);
            c.rollback();
        }
    }

    private static List<Long> vmmUpdates(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'vmm'")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * A report that changes its row and was the VMM's last is one statement on the row: the touch that would
     * move {@code last_observed_at} has nothing left to do and is not sent. A stale report is still touched.
     */
    @Test
    void aChangeThatWasTheLastReportSendsNoTouch() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            StatementLog log = new StatementLog();
            Connection recording = log.wrap(c);
            writes.write(recording, BatchPlan.of(List.of(read(state(vmm, sled, VmmState.RUNNING, 2)))).rounds().getFirst());
            assertThat(log.sent()).as("a change").containsExactly(GuardedWrites.UPDATE_VMM);

            log.clear();
            writes.write(recording, BatchPlan.of(List.of(read(stateObservedAt(vmm, sled, VmmState.RUNNING, 2, at(60)))))
                    .rounds().getFirst());
            assertThat(log.sent()).as("a stale report").containsExactly(GuardedWrites.UPDATE_VMM, GuardedWrites.TOUCH_VMM);
        }
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(60));
    }

    @Test
    void aLaterReportOfAnOlderGenerationStillMovesLastObservedAt() throws Exception {
        GuardedWrites.Changes changes = write(stateObservedAt(vmm, sled, VmmState.STOPPING, 4, at(30)),
                stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(50)));

        assertThat(changes.vmmRowsChanged()).isEqualTo(1);
        assertThat(changes.vmms()).isEqualTo(Map.of(vmm, at(30)));
        assertThat(rows.vmm(vmm).orElseThrow().state()).isEqualTo("stopping");
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(50));
    }

    @Test
    void aReportThatOnlyMovesLastObservedAtIsNoChange() throws Exception {
        write(state(vmm, sled, VmmState.RUNNING, 3));

        GuardedWrites.Changes changes = write(stateObservedAt(vmm, sled, VmmState.RUNNING, 3, at(60)));

        assertThat(changes.vmmRowsChanged()).isZero();
        assertThat(changes.vmms()).isEmpty();
        assertThat(rows.lastObservedAt(vmm)).isEqualTo(at(60));
    }

    @Test
    void aMigrationSideIsAChangeOnlyForANewerGeneration() throws Exception {
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        rows.placed(target, sled);
        rows.migration(migrationId, null, vmm, target);

        GuardedWrites.Changes first = write(
                state(vmm, sled, VmmState.MIGRATING, 4, null, migration(migrationId, MigrationState.IN_PROGRESS, 3), null));
        GuardedWrites.Changes older = write(
                state(vmm, sled, VmmState.MIGRATING, 5, null, migration(migrationId, MigrationState.IN_PROGRESS, 2), null));

        assertThat(first.migrationSidesChanged()).isEqualTo(1);
        assertThat(first.migrations()).isEqualTo(Map.of(migrationId, at(4).plusMillis(1)));
        assertThat(older.migrationSidesChanged()).isZero();
        assertThat(older.migrations()).isEmpty();
        assertThat(older.vmms()).as("the VMM's own generation did rise").containsOnlyKeys(vmm);
    }

    @Test
    void aMarkIsAChangeOnlyForAVmmNotYetTerminal() throws Exception {
        GuardedWrites.Changes marked = write(noSuch(vmm, sled, at(10)));
        GuardedWrites.Changes again = write(noSuch(vmm, sled, at(11)));

        assertThat(marked.markedFailed()).isEqualTo(1);
        assertThat(marked.vmms()).isEqualTo(Map.of(vmm, at(10)));
        assertThat(again.markedFailed()).isZero();
        assertThat(again.vmms()).isEmpty();
        assertThat(rows.vmm(vmm).orElseThrow().failureReason()).isEqualTo("no_such_instance");
    }
}
