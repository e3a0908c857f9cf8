package dev.doorbell.reconciler.apply.bench;

import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.apply.Observation;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Applied observations per second into a real embedded PostgreSQL, per batch size, with
 * {@code fsync}/{@code synchronous_commit} on and off. Every observation is one generation newer
 * than the row's (the guard passes: the worst case, every row is written); a pool of 5,000 VMMs.
 * Not a test: run its {@code main} and read the table.
 */
public final class ApplyBenchmark {

    private static final int[] BATCH_SIZES = {1, 10, 100, 500, 1000};
    private static final int VMMS = 5_000;

    public static void main(String[] args) throws Exception {
        System.out.println("| fsync | batch | observations | seconds | observations/s | ms/batch |");
        System.out.println("|---|---|---|---|---|---|");
        for (boolean durable : new boolean[] {true, false}) {
            Path dir = Files.createTempDirectory("doorbell-apply-bench");
            try (Postgres postgres = Postgres.start(new PostgresConfig(null, 0, durable, dir.resolve("postgres.log")))) {
                for (int batch : BATCH_SIZES) {
                    run(postgres, durable, batch);
                }
            }
        }
    }

    private static void run(Postgres postgres, boolean durable, int batch) throws Exception {
        try (Database database = Database.open(Database.Config.of(postgres.jdbcUrl(), postgres.user(), postgres.password()))) {
            try (var c = database.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("TRUNCATE vmm, migration");
            }
            ObservationApplier applier = new ObservationApplier(database.dataSource());
            List<UUID> vmms = new ArrayList<>();
            for (int i = 0; i < VMMS; i++) {
                vmms.add(UUID.randomUUID());
            }
            UUID sled = UUID.randomUUID();
            insertVmms(database, vmms, sled);
            int count = observationCount(durable, batch);
            int warmup = Math.min(count / 5, 5_000);
            List<Observation> all = observations(vmms, sled, count + warmup);
            for (int from = 0; from < warmup; from += batch) {
                applier.apply(all.subList(from, Math.min(warmup, from + batch)));
            }
            long started = System.nanoTime();
            int batches = 0;
            for (int from = warmup; from < all.size(); from += batch) {
                applier.apply(all.subList(from, Math.min(all.size(), from + batch)));
                batches++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("| %s | %d | %d | %.2f | %,.0f | %.2f |%n", durable ? "on" : "off", batch, count, seconds,
                    count / seconds, seconds * 1000 / batches);
        }
    }

    /** The rows the control plane creates before any observation (observations of others are refused). */
    private static void insertVmms(Database database, List<UUID> vmms, UUID sled) throws Exception {
        try (var c = database.dataSource().getConnection(); var st = c.prepareStatement("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, last_source, last_observed_at)
                VALUES (?, ?, 'creating', 0, '2024-01-01Z', 'control-plane', '2024-01-01Z')""")) {
            for (UUID vmm : vmms) {
                st.setObject(1, vmm);
                st.setObject(2, sled);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** Observations measured per run: fewer where each is its own (slow) transaction. */
    private static int observationCount(boolean durable, int batch) {
        if (batch == 1) {
            return durable ? 2_000 : 5_000;
        }
        return batch == 10 ? 20_000 : 100_000;
    }

    /** {@code n} reports round-robin over {@code vmms}, each one generation newer than the VMM's last. */
    private static List<Observation> observations(List<UUID> vmms, UUID sled, int n) {
        List<Observation> all = new ArrayList<>(n);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            long gen = i / VMMS + 1;
            Instant at = t0.plusMillis(i);
            all.add(new Observation.Reported(vmms.get(i % VMMS), sled, at, "fetch",
                    new VmmRuntimeState(gen % 2 == 0 ? VmmState.RUNNING : VmmState.STARTING, gen, at), null, null));
        }
        return all;
    }
}
