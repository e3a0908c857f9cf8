package dev.doorbell.reconciler.apply;

import dev.doorbell.reconciler.db.TestDatabases;

import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.read;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generation monotonicity against a real PostgreSQL: any permutation, with duplicates, of one VMM's
 * observations, applied in any split into batches, leaves its row at the highest generation (and
 * its migration side at that side's highest generation). jqwik does not run JUnit extensions, so
 * this starts its own server; one database serves every try (fresh VMM ids per try).
 */
class GenerationMonotonicityPropertyTest {

    private static Postgres postgres;
    private static Database database;

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("doorbell-jqwik-pg");
        postgres = Postgres.start(PostgresConfig.forTests(dir.resolve("postgres.log")));
        database = TestDatabases.create(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    @AfterContainer
    static void stop() {
        database.close();
        postgres.close();
    }

    record Scenario(List<VmmState> history, List<Integer> order, long batchSeed) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<VmmState>> histories = Arbitraries.of(VmmState.STARTING, VmmState.RUNNING, VmmState.STOPPING,
                VmmState.REBOOTING, VmmState.MIGRATING, VmmState.FAILED, VmmState.DESTROYED).list().ofMinSize(1).ofMaxSize(10);
        return histories.flatMap(history -> {
            int n = history.size();
            Arbitrary<List<Integer>> extra = Arbitraries.integers().between(0, n - 1).list().ofMaxSize(2 * n);
            return Combinators.combine(extra, Arbitraries.longs()).as((duplicates, seed) -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                order.addAll(duplicates);
                Collections.shuffle(order, new Random(seed));
                return new Scenario(history, order, seed);
            });
        });
    }

    @Property(tries = 50)
    void anyOrderWithDuplicatesLeavesTheHighestGeneration(@ForAll("scenarios") Scenario scenario) throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        UUID migrationId = UUID.randomUUID();
        List<Observation> observations = new ArrayList<>();
        for (int index : scenario.order()) {
            long gen = index + 1;
            // the migration side's generation runs backwards against the VMM's: each guard must stand on its own
            long sideGen = scenario.history().size() - index;
            observations.add(read(state(vmm, sled, scenario.history().get(index), gen, null,
                    migration(migrationId, sideGen == 1 ? MigrationState.COMPLETED : MigrationState.IN_PROGRESS, sideGen), null)));
        }
        ObservationApplier applier = new ObservationApplier(database.dataSource());
        Random random = new Random(scenario.batchSeed());
        for (int from = 0; from < observations.size(); ) {
            int to = Math.min(observations.size(), from + 1 + random.nextInt(4));
            applier.apply(observations.subList(from, to));
            from = to;
        }

        Rows rows = new Rows(database.dataSource());
        int newest = scenario.history().size() - 1;
        assertThat(rows.vmm(vmm)).hasValueSatisfying(row -> {
            assertThat(row.generation()).isEqualTo(newest + 1);
            assertThat(row.state()).isEqualTo(scenario.history().get(newest).wireName());
        });
        assertThat(rows.migrations()).filteredOn(m -> m.get("id").equals(migrationId)).singleElement()
                .satisfies(m -> {
                    assertThat(m.get("source_gen")).isEqualTo((long) scenario.history().size());
                    assertThat(m.get("source_state")).isEqualTo(scenario.history().size() == 1 ? "completed" : "in_progress");
                });
    }
}
