package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.cli.fleet.ComponentProcess;
import dev.doorbell.cli.fleet.Fleet;
import dev.doorbell.cli.fleet.PrometheusText;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real crashes: the state fetchers and reconcilers run as processes of their own ({@code doorbell fetcher},
 * {@code doorbell reconciler}) and are {@code SIGKILL}ed mid-storm — no shutdown hook, no flush, no commit, no
 * leaving the group. Whatever they had taken (rings in the pending store, fetches in flight, batches written to the
 * database whose offsets were not committed yet) must still end up in the database, equal to every sled.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class ProcessKilledTest {

    private static final int VMMS_PER_SLED = 60;
    private static final double CHANGES_PER_SECOND_PER_SLED = 20;
    private static final Duration MOVE = Duration.ofSeconds(90);
    private static final String RINGS = "doorbell_fetcher_rings_consumed_total";
    private static final String STARTED = "doorbell_fetcher_fetches_started_total";
    private static final int SLED_PROCESS_VMMS = 20;
    private static final String APPLIED = "doorbell_reconciler_observations_applied_total";
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(3);
    private static final String LOCK_HELD = "doorbell_reconciler_sweep_lock_held";
    private static final String SWEEPS = "doorbell_reconciler_sweep_duration_seconds_count";

    @Test
    void aFetcherProcessKilledMidStormWhileAnotherRunsLosesNoRing(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres)
            throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 1, 2);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            await("both fetchers fetching").atMost(MOVE).until(() -> counter(pipeline, "fetcher-1", STARTED) > 0
                    && counter(pipeline, "fetcher-2", STARTED) > 0);
            fleet.kill("fetcher-1");
            Instant killed = Instant.now();
            // the survivor takes the killed one's tasks once its session has timed out, restoring their pending stores
            double before = pipeline.processCounter("fetcher", RINGS);
            await("the survivor fetches on").atMost(MOVE).until(() -> pipeline.processCounter("fetcher", RINGS) > before + 200);
            ScenarioOutcome.settle(pipeline, storm, killed, "10 fetcher process SIGKILLed",
                    "one of two fetcher processes SIGKILLed mid-storm; its tasks move to the other");
        }
    }

    @Test
    void theOnlyFetcherKilledAndRestartedOnItsStateDirectoryLosesNoRing(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 1, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            fleet.kill("fetcher-1");
            // rings keep arriving while no fetcher runs; the restarted one restores its store from the same directory
            fleet.restart("fetcher-1");
            Instant restarted = Instant.now();
            await("the restarted fetcher fetches").atMost(MOVE).until(() -> counter(pipeline, "fetcher-1", STARTED) > 0);
            ScenarioOutcome.settle(pipeline, storm, restarted, "11 only fetcher SIGKILLed, restarted",
                    "the only fetcher process SIGKILLed mid-storm and started again on its state directory");
        }
    }

    @Test
    void aReconcilerKilledBetweenItsDatabaseCommitAndItsOffsetCommitLosesNothing(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 2, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            await("both reconcilers applying").atMost(MOVE).until(() -> counter(pipeline, "reconciler-1", APPLIED) > 0
                    && counter(pipeline, "reconciler-2", APPLIED) > 0);
            // offsets are committed once a second while batches are written continuously: a kill now lands after
            // database commits whose offsets are not committed, which the survivor applies again (harmlessly)
            fleet.kill("reconciler-1");
            double before = counter(pipeline, "reconciler-2", APPLIED);
            await("the survivor applies the killed one's partitions too").atMost(MOVE)
                    .until(() -> counter(pipeline, "reconciler-2", APPLIED) > before + 200);
            // and back: a rebalance the other way
            fleet.restart("reconciler-1");
            Instant healed = Instant.now();
            await("the restarted reconciler applies again").atMost(MOVE).until(() -> counter(pipeline, "reconciler-1", APPLIED) > 0);
            ScenarioOutcome.settle(pipeline, storm, healed, "12 reconciler process SIGKILLed",
                    "one of two reconcilers SIGKILLed between database and offset commits, then restarted (two rebalances)");
        }
    }

    @Test
    void aSledProcessKilledAndRestartedComesBackEmptyAndItsVmmsEndFailed(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        ChaosOptions options = ChaosOptions.defaults().withSleds(1).withSweep(SweepSettings.defaults().withPeriod(Duration.ofSeconds(3)));
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), options, 1, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            UUID sledId = UUID.randomUUID();
            pipeline.startSledProcess(1, sledId, SLED_PROCESS_VMMS, 5);
            await("the sled process's VMMs placed").atMost(MOVE).until(() -> vmmsOn(pipeline, sledId).size() >= SLED_PROCESS_VMMS);
            // the VMMs the sled holds; one the control plane is still creating there (a replacement) the sled never had,
            // and omicron's watcher leaves a creating VMM to its start saga
            List<UUID> before = vmmsOn(pipeline, sledId).stream().filter(v -> !v.creating()).map(SledVmm::id).toList();

            pipeline.fleet().kill("sled-1");
            // as a sled-agent that restarts: same id and address, none of its VMMs left; it registers again and has
            // the control plane place new ones. The sweeps ask it about the old ones: gone, so failed (omicron's rule)
            pipeline.fleet().restart("sled-1");
            Instant restarted = Instant.now();
            ScenarioOutcome.settle(pipeline, storm, restarted, "13 sled process SIGKILLed, restarted",
                    "a sled process SIGKILLed and restarted empty; its " + before.size() + " VMMs end failed, found by the sweeps");
            // none is left live: those it still ran end failed; one that ended just before the kill stays destroyed
            assertThat(statesOf(pipeline, before)).as("the states of the VMMs the sled lost").contains("failed")
                    .isSubsetOf("failed", "destroyed");
        }
    }

    @Test
    void aReconcilerKilledDuringASweepReleasesTheSweepLockAndAnotherSweeps(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        ChaosOptions options = ChaosOptions.defaults().withProxies().withSweep(SweepSettings.defaults().withPeriod(SWEEP_PERIOD));
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), options, 2, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            pipeline.awaitFlowing(100);
            // a sled that accepts connections and never answers holds whichever sweep asks it for the sled call's
            // timeout (5 s): long enough to aim a kill at the reconciler holding the sweep lock
            TcpProxy sled = pipeline.sleds().getFirst().proxy().orElseThrow();
            sled.blackHole();
            String[] holder = new String[1];
            await("a reconciler sweeping, waiting on the silent sled").atMost(MOVE).until(() -> {
                holder[0] = sweeping(pipeline).orElse(null);
                return holder[0] != null;
            });
            String survivor = holder[0].equals("reconciler-1") ? "reconciler-2" : "reconciler-1";
            double sweptBefore = counter(pipeline, survivor, SWEEPS);
            pipeline.fleet().kill(holder[0]);

            // PostgreSQL ends the killed process's session, and the transaction-scoped lock with it: the survivor,
            // which skipped its turns while the other swept, now takes the lock and sweeps
            await("the survivor holding the sweep lock").atMost(MOVE).until(() -> counter(pipeline, survivor, LOCK_HELD) == 1);
            sled.forward();
            Instant healed = Instant.now();
            await("the survivor finishing sweeps").atMost(MOVE).until(() -> counter(pipeline, survivor, SWEEPS) > sweptBefore);
            assertThat(advisoryLocksHeld(pipeline)).as("sweep locks held beyond the survivor's").isLessThanOrEqualTo(1);
            ScenarioOutcome.settle(pipeline, storm, healed, "14 reconciler SIGKILLed mid-sweep",
                    "the reconciler holding the sweep lock SIGKILLed while its sweep waited on a silent sled; the other sweeps");
        }
    }

    /** The reconciler process holding the sweep lock now, by its gauge. */
    private static Optional<String> sweeping(ChaosPipeline pipeline) {
        return pipeline.fleet().role("reconciler").stream().map(p -> p.spec().name())
                .filter(name -> counter(pipeline, name, LOCK_HELD) == 1).findFirst();
    }

    private static long advisoryLocksHeld(ChaosPipeline pipeline) throws SQLException {
        Database.Config db = pipeline.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement("""
                     SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record SledVmm(UUID id, boolean creating) {
    }

    private static List<SledVmm> vmmsOn(ChaosPipeline pipeline, UUID sled) throws SQLException {
        List<SledVmm> vmms = new ArrayList<>();
        Database.Config db = pipeline.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement("SELECT id, state FROM vmm WHERE sled_id = ?")) {
            st.setObject(1, sled);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    vmms.add(new SledVmm(rs.getObject(1, UUID.class), "creating".equals(rs.getString(2))));
                }
            }
        }
        return vmms;
    }

    private static Set<String> statesOf(ChaosPipeline pipeline, List<UUID> vmms) throws SQLException {
        Set<String> states = new HashSet<>();
        Database.Config db = pipeline.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement("SELECT DISTINCT state FROM vmm WHERE id = ANY (?)")) {
            st.setArray(1, c.createArrayOf("uuid", vmms.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
        }
        return states;
    }

    private static double counter(ChaosPipeline pipeline, String process, String name) {
        return pipeline.fleet().component(process).filter(ComponentProcess::isAlive)
                .flatMap(p -> PrometheusText.scrape(p.spec().baseUrl()))
                .map(text -> text.sum(name)).orElse(0.0);
    }

}
