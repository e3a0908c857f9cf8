package dev.doorbell.reconciler.apply;

import static dev.doorbell.reconciler.apply.TestObservations.at;
import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.noSuch;
import static dev.doorbell.reconciler.apply.TestObservations.read;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batch semantics with migrations and instance updates (QuickTheories, real PostgreSQL): reports
 * from a migration's source and target, in any order, with duplicates, some from the wrong side,
 * some {@code NoSuchVmm}, applied as one batch leave the VMM, migration and instance rows exactly
 * as applying them one at a time does. Each VMM's reports follow a sled's life: a terminal VMM
 * state ({@code failed}, {@code destroyed}) and a terminal migration side ({@code completed},
 * {@code failed}) stay so at every later generation, and both sides agree on how the migration
 * ended, as on real sleds; the batch reduces a VMM's reports to the newest, which is what makes
 * the two equal under those rules.
 *
 * <p>Known limit, not generated here: a target the control plane marked failed ({@code NoSuchVmm})
 * whose sled still knows it and reports, in one batch, a stale state carrying a newer completed
 * side and then a newer state: one at a time the stale report completes the migration while the
 * target is still marked failed (the instance fails); batched, the reports collapse and the target
 * becomes active. Either is an outcome omicron's own update saga can reach, depending on timing.
 */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class MigrationBatchPropertyTest {

    private static final List<VmmState> STATES = List.of(VmmState.RUNNING, VmmState.MIGRATING, VmmState.STOPPING,
            VmmState.FAILED, VmmState.DESTROYED);
    private static final List<MigrationState> SIDES = List.of(MigrationState.IN_PROGRESS, MigrationState.COMPLETED,
            MigrationState.FAILED);

    /** One report: who (0 source, 1 target, 2 source's NoSuchVmm, 3 source claiming migration_in), of which generation. */
    record Event(int who, int gen) {}

    /** What a VMM reports at generations 2 to 6. */
    record Life(List<VmmState> states, List<MigrationState> sides) {
        /**
         * The same life, with terminal states and sides kept at every later generation, and every
         * terminal side being {@code outcome} (both sides of a migration agree on how it ended).
         */
        Life settled(MigrationState outcome) {
            List<VmmState> st = new ArrayList<>(states);
            List<MigrationState> sd = new ArrayList<>(sides.stream().map(m -> m == MigrationState.IN_PROGRESS ? m : outcome).toList());
            for (int i = 1; i < st.size(); i++) {
                if (st.get(i - 1).isTerminal()) {
                    st.set(i, st.get(i - 1));
                }
                if (sd.get(i - 1) != MigrationState.IN_PROGRESS) {
                    sd.set(i, sd.get(i - 1));
                }
            }
            return new Life(st, sd);
        }
    }

    private Database batched;
    private Database single;

    @BeforeEach
    void open(PostgresServer postgres) throws Exception {
        batched = TestDatabases.create(postgres);
        single = TestDatabases.create(postgres);
    }

    @AfterEach
    void close() {
        batched.close();
        single.close();
    }

    @Test
    void aBatchLeavesTheRowsOneAtATimeWould() {
        var lives = lists().of(arbitrary().pick(STATES)).ofSize(5).zip(lists().of(arbitrary().pick(SIDES)).ofSize(5), Life::new);
        var events = lists().of(integers().between(0, 3).zip(integers().between(2, 6), Event::new)).ofSizeBetween(1, 8);
        var outcomes = arbitrary().pick(List.of(MigrationState.COMPLETED, MigrationState.FAILED));
        qt().withExamples(100).forAll(lives, lives, outcomes, events).checkAssert((sourceLife, targetLife, outcome, list) -> {
            try {
                check(sourceLife.settled(outcome), targetLife.settled(outcome), list);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private void check(Life sourceLife, Life targetLife, List<Event> events) throws Exception {
        UUID instance = UUID.randomUUID();
        UUID source = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        for (Database db : List.of(batched, single)) {
            Rows rows = new Rows(db.dataSource());
            rows.instance(instance, source, target, migrationId);
            rows.vmm(source, instance, sled, "running", 2);
            rows.vmm(target, instance, sled, "creating", 1);
            rows.migration(migrationId, instance, source, target);
        }
        List<Observation> observations = new ArrayList<>();
        for (Event e : events) {
            int i = e.gen() - 2;
            var sourceSide = migration(migrationId, sourceLife.sides().get(i), e.gen());
            var targetSide = migration(migrationId, targetLife.sides().get(i), e.gen());
            observations.add(read(switch (e.who()) {
                case 0 -> state(source, sled, sourceLife.states().get(i), e.gen(), null, sourceSide, null);
                case 1 -> state(target, sled, targetLife.states().get(i), e.gen(), targetSide, null, null);
                case 2 -> noSuch(source, sled, at(e.gen()));
                default -> state(source, sled, sourceLife.states().get(i), e.gen(), sourceSide, null, null);
            }));
        }

        ApplyResult batch = new ObservationApplier(batched.dataSource()).apply(observations);
        ObservationApplier oneByOne = new ObservationApplier(single.dataSource());
        int refused = 0;
        for (Observation o : observations) {
            refused += oneByOne.apply(List.of(o)).refusals().size();
        }

        Rows b = new Rows(batched.dataSource());
        Rows s = new Rows(single.dataSource());
        assertThat(b.vmm(source)).isEqualTo(s.vmm(source));
        assertThat(b.vmm(target)).isEqualTo(s.vmm(target));
        assertThat(b.migrations().stream().filter(m -> m.get("id").equals(migrationId)).toList())
                .isEqualTo(s.migrations().stream().filter(m -> m.get("id").equals(migrationId)).toList());
        assertThat(b.instance(instance)).as("instance after %s", events).isEqualTo(s.instance(instance));
        assertThat(batch.refusals()).hasSize(refused);
        for (Database db : List.of(batched, single)) {
            assertThat(reactionsToEverything(db, instance, source, target, migrationId))
                    .as("instances a reaction to all of its VMMs and its migration would change, after %s", events).isZero();
        }
    }

    /**
     * How many instances a reaction to every VMM and migration of the instance would change, in a transaction
     * rolled back: none if the applier reacted to everything that needed it, though it looks up only VMMs that
     * ended.
     */
    private static int reactionsToEverything(Database db, UUID instance, UUID source, UUID target, UUID migrationId)
            throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<UUID, Instant> vmms = Map.of(source, at(9), target, at(9));
                return InstanceUpdates.update(c, vmms.keySet(), vmms, Map.of(migrationId, at(9)));
            } finally {
                c.rollback();
            }
        }
    }
}
