package dev.doorbell.reconciler.apply;

import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.read;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generation monotonicity against a real PostgreSQL (QuickTheories): any permutation, with
 * duplicates, of one VMM's observations, applied in any split into batches, leaves its row at the
 * highest generation (and its migration side at that side's highest generation). Each example gets
 * fresh ids in one database, with the rows the control plane would have inserted first.
 */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class GenerationMonotonicityPropertyTest {

    private static final List<VmmState> STATES = List.of(VmmState.STARTING, VmmState.RUNNING, VmmState.STOPPING,
            VmmState.REBOOTING, VmmState.MIGRATING, VmmState.FAILED, VmmState.DESTROYED);

    private Database database;

    @BeforeEach
    void open(PostgresServer postgres) throws Exception {
        database = TestDatabases.create(postgres);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anyOrderWithDuplicatesLeavesTheHighestGeneration() {
        qt().withExamples(50).forAll(lists().of(arbitrary().pick(STATES)).ofSizeBetween(1, 10),
                        lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(0, 20), longs().all())
                .checkAssert((history, duplicates, seed) -> {
                    try {
                        check(history, duplicates, seed);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private void check(List<VmmState> history, List<Integer> duplicates, long seed) throws Exception {
        int n = history.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        duplicates.stream().limit(2L * n).forEach(d -> order.add(d % n));
        Collections.shuffle(order, new Random(seed));

        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        Rows rows = new Rows(database.dataSource());
        rows.vmm(vmm, null, sled, "creating", 1);
        rows.migration(migrationId, null, vmm, UUID.randomUUID());
        List<Observation> observations = new ArrayList<>();
        for (int index : order) {
            long gen = index + 2; // ensure registers the VMM at generation 2
            // the migration side's generation runs backwards against the VMM's: each guard must stand on its own
            long sideGen = n - index + 1;
            observations.add(read(state(vmm, sled, history.get(index), gen, null,
                    migration(migrationId, sideGen == 2 ? MigrationState.COMPLETED : MigrationState.IN_PROGRESS, sideGen), null)));
        }
        ObservationApplier applier = new ObservationApplier(database.dataSource());
        Random random = new Random(seed);
        for (int from = 0; from < observations.size(); ) {
            int to = Math.min(observations.size(), from + 1 + random.nextInt(4));
            assertThat(applier.apply(observations.subList(from, to)).refusals()).isEmpty();
            from = to;
        }

        int newest = n - 1;
        assertThat(rows.vmm(vmm)).hasValueSatisfying(row -> {
            assertThat(row.generation()).isEqualTo(newest + 2);
            assertThat(row.state()).isEqualTo(history.get(newest).wireName());
        });
        assertThat(rows.migrations()).filteredOn(m -> m.get("id").equals(migrationId)).singleElement()
                .satisfies(m -> {
                    assertThat(m.get("source_gen")).isEqualTo((long) n + 1);
                    assertThat(m.get("source_state")).isEqualTo(n == 1 ? "completed" : "in_progress");
                });
    }
}
