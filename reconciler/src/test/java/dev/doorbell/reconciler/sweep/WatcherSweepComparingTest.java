package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The comparing sweep against real sled simulators and PostgreSQL: it asks each sled in bulk and
 * rings only the VMMs whose sled knows something the database does not, and every VMM of a sled it
 * cannot ask.
 */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class WatcherSweepComparingTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant LONG_AGO = NOW.minus(Duration.ofMinutes(5));

    private Database database;
    private final List<SledSimulator> sleds = new ArrayList<>();
    private final List<UUID> rings = new CopyOnWriteArrayList<>();
    private final Doorbell doorbell = rings::add;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SledAgentClient client = new SledAgentClient(Duration.ofSeconds(1), Duration.ofSeconds(3));
    /** The sleds asked, one entry per bulk request. */
    private final List<UUID> asked = new CopyOnWriteArrayList<>();
    private final SledStateCheck counting = (sled, ids) -> {
        asked.add(sled.sledId());
        return client.states(sled, ids);
    };

    @BeforeEach
    void freshDatabase(PostgresServer postgres) throws SQLException {
        database = TestDatabases.create(postgres);
    }

    @AfterEach
    void close() {
        sleds.forEach(SledSimulator::close);
        database.close();
    }

    private WatcherSweep sweep(SledStateCheck check) {
        return new WatcherSweep(database.dataSource(), doorbell, SweepSettings.defaults().withBatchSize(4), meters, CLOCK,
                new Random(1), SweepSleeper.system(), check);
    }

    private SweepOutcome.Swept sweepOnce(SledStateCheck check) throws SQLException {
        SweepOutcome outcome = sweep(check).sweepOnce();
        assertThat(outcome).isInstanceOf(SweepOutcome.Swept.class);
        return (SweepOutcome.Swept) outcome;
    }

    @Test
    void vmmsInSyncWithTheirSledAreNotRungAndAreCountedConfirmed() throws SQLException {
        SledSimulator a = sled(Set.of(ApiVersion.V1, ApiVersion.V2));
        SledSimulator b = sled(Set.of(ApiVersion.V2));
        for (int i = 0; i < 5; i++) {
            placedInSync(a, LONG_AGO);
            placedInSync(b, NOW);
        }
        insertVmm(a, "failed", 4, LONG_AGO); // forgotten by its sled: nothing to learn

        SweepOutcome.Swept swept = sweepOnce(counting);

        assertThat(rings).isEmpty();
        assertThat(swept.rung()).isZero();
        assertThat(swept.confirmed()).isEqualTo(11);
        assertThat(swept.overdue()).as("confirmed VMMs are not overdue, however long ago they were last fetched").isZero();
        assertThat(meters.get(WatcherSweep.CONFIRMED).counter().count()).isEqualTo(11);
        assertThat(meters.get(WatcherSweep.RUNG).counter().count()).isZero();
        assertThat(meters.get(WatcherSweep.OVERDUE).gauges()).isNotEmpty().allSatisfy(g -> assertThat(g.value()).isZero());
        // pages of 4 in (sled, id) order over 6 + 5 VMMs: each request names one sled's VMMs of one page
        assertThat(asked).hasSizeBetween(2, 4).containsOnly(a.config().sledId(), b.config().sledId());
    }

    @Test
    void aVmmThatChangedOnItsSledWithoutARingIsRungAndTheOthersAreNot() throws SQLException {
        SledSimulator a = sled(Set.copyOf(ApiVersion.KNOWN));
        placedInSync(a, NOW);
        UUID changed = placedInSync(a, LONG_AGO);
        a.sled().fault(changed, "propolis_crashed"); // its ring was lost: the database still says running

        SweepOutcome.Swept swept = sweepOnce(counting);

        assertThat(rings).containsExactly(changed);
        assertThat(swept.rung()).isEqualTo(1);
        assertThat(swept.confirmed()).isEqualTo(1);
        assertThat(swept.overdue()).as("the rung VMM was last observed long ago").isEqualTo(1);
    }

    @Test
    void aVmmItsSledForgotIsRungUnlessFailedOrCreating() throws SQLException {
        SledSimulator a = sled(Set.copyOf(ApiVersion.KNOWN));
        UUID forgotten = insertVmm(a, "running", 3, NOW);
        UUID failed = insertVmm(a, "failed", 4, NOW);
        UUID creating = insertVmm(a, "creating", 1, NOW);

        SweepOutcome.Swept swept = sweepOnce(counting);

        assertThat(rings).containsExactly(forgotten);
        assertThat(swept.confirmed()).isEqualTo(2);
        assertThat(List.of(failed, creating)).doesNotContainAnyElementsOf(rings);
    }

    @Test
    void aCreatingVmmItsSledAlreadyReportsIsRung() throws SQLException {
        SledSimulator a = sled(Set.copyOf(ApiVersion.KNOWN));
        UUID vmm = UUID.randomUUID();
        SledVmmState onSled = a.sled().ensure(vmm, EnsureRequest.of(UUID.randomUUID()));
        a.sled().fault(vmm, "propolis_crashed"); // a generation past the control plane's first
        insertVmm(vmm, a.config().sledId(), "creating", onSled.vmmState().gen(), NOW);

        assertThat(sweepOnce(counting).rung()).isEqualTo(1);
        assertThat(rings).containsExactly(vmm);
    }

    @Test
    void allVmmsOfASledThatIsDownAreRungButCreatingOnes() throws SQLException {
        SledSimulator up = sled(Set.copyOf(ApiVersion.KNOWN));
        SledSimulator down = sled(Set.copyOf(ApiVersion.KNOWN));
        UUID inSync = placedInSync(up, NOW);
        List<UUID> onDown = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // more than a page: the sled is asked once per sweep, then given up
            onDown.add(placedInSync(down, LONG_AGO));
        }
        UUID creatingOnDown = insertVmm(down, "creating", 1, NOW);
        down.close();

        SweepOutcome.Swept swept = sweepOnce(counting);

        assertThat(rings).containsExactlyInAnyOrderElementsOf(onDown).doesNotContain(inSync, creatingOnDown);
        assertThat(swept.confirmed()).isEqualTo(1);
        assertThat(swept.overdue()).as("not confirmed and long unobserved").isEqualTo(6);
        assertThat(asked.stream().filter(down.config().sledId()::equals)).as("given up after one failure").hasSize(1);
    }

    @Test
    void allVmmsOfASledSpeakingOnly1xAreRungWithoutAskingIt() throws SQLException {
        SledSimulator old = sled(Set.of(ApiVersion.V1));
        List<UUID> vmms = List.of(placedInSync(old, NOW), placedInSync(old, NOW));

        SweepOutcome.Swept swept = sweepOnce(counting);

        assertThat(rings).containsExactlyInAnyOrderElementsOf(vmms);
        assertThat(swept.confirmed()).isZero();
        assertThat(asked).as("1.0.0 has no batch endpoint").isEmpty();
    }

    @Test
    void aSledRegisteredWithABatchVersionItDoesNotSpeakIsRungWhole() throws SQLException {
        SledSimulator old = sled(Set.of(ApiVersion.V1));
        List<UUID> vmms = List.of(placedInSync(old, NOW), placedInSync(old, NOW));
        execute("UPDATE sled SET api_versions = '{1.0.0,2.0.0}' WHERE id = '" + old.config().sledId() + "'");

        sweepOnce(counting);

        assertThat(rings).containsExactlyInAnyOrderElementsOf(vmms);
        assertThat(asked).as("asked, refused (400), given up").hasSize(1);
    }

    @Test
    void aVmmWhoseSledIsNotInTheSledTableIsRung() throws SQLException {
        UUID vmm = insertVmm(UUID.randomUUID(), UUID.randomUUID(), "running", 3, NOW);

        sweepOnce(counting);

        assertThat(rings).containsExactly(vmm);
        assertThat(asked).isEmpty();
    }

    @Test
    void aMigrationSideNewerThanTheDatabasesIsRungAndOneNotNewerIsNot() throws SQLException {
        UUID sled = UUID.randomUUID();
        execute("INSERT INTO sled (id, address, api_versions) VALUES ('" + sled + "', 'http://127.0.0.1:1', '{2.0.0}')");
        UUID source = insertVmm(UUID.randomUUID(), sled, "migrating", 5, NOW);
        UUID target = insertVmm(UUID.randomUUID(), sled, "migrating", 2, NOW);
        UUID migration = UUID.randomUUID();
        execute("INSERT INTO migration (id, source_vmm_id, target_vmm_id, source_gen, target_gen) VALUES ('" + migration
                + "', '" + source + "', '" + target + "', 3, 3)");
        Map<UUID, SledVmmState> onSled = new HashMap<>();
        onSled.put(source, new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 5, NOW), null,
                new MigrationRuntimeState(migration, MigrationState.IN_PROGRESS, 3, NOW)));
        onSled.put(target, new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, 2, NOW),
                new MigrationRuntimeState(migration, MigrationState.COMPLETED, 4, NOW), null));
        SledStateCheck fake = (SledEndpoint endpoint, List<UUID> ids) -> new VmmStatesResponse(onSled, List.of());

        SweepOutcome.Swept swept = sweepOnce(fake);

        assertThat(rings).as("the target's side went ahead (4 > 3); the source's did not").containsExactly(target);
        assertThat(swept.confirmed()).isEqualTo(1);
    }

    @Test
    void aVmmTheSledsAnswerOmitsIsRung() throws SQLException {
        UUID sled = UUID.randomUUID();
        execute("INSERT INTO sled (id, address, api_versions) VALUES ('" + sled + "', 'http://127.0.0.1:1', '{2.0.0}')");
        UUID vmm = insertVmm(UUID.randomUUID(), sled, "running", 3, NOW);

        sweepOnce((endpoint, ids) -> new VmmStatesResponse(Map.of(), List.of()));

        assertThat(rings).containsExactly(vmm);
    }

    @Test
    void whileItsRingsWaitAComparingSweepHoldsTheLockWithoutASnapshot() throws Exception {
        UUID sled = UUID.randomUUID();
        execute("INSERT INTO sled (id, address, api_versions) VALUES ('" + sled + "', 'http://127.0.0.1:1', '{2.0.0}')");
        UUID vmm = insertVmm(UUID.randomUUID(), sled, "migrating", 2, NOW);
        UUID migration = UUID.randomUUID();
        execute("INSERT INTO migration (id, target_vmm_id) VALUES ('" + migration + "', '" + vmm + "')");
        // the last statements read are the page and the migration rows: neither may leave a snapshot behind
        SledStateCheck ahead = (endpoint, ids) -> new VmmStatesResponse(Map.of(vmm, new SledVmmState(
                new VmmRuntimeState(VmmState.MIGRATING, 2, NOW),
                new MigrationRuntimeState(migration, MigrationState.IN_PROGRESS, 2, NOW), null)), List.of());
        CountDownLatch ringing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Doorbell blocking = id -> {
            ringing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), blocking, SweepSettings.defaults(), meters, CLOCK,
                new Random(1), SweepSleeper.system(), ahead);
        CompletableFuture<SweepOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return sweep.sweepOnce();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(ringing.await(30, TimeUnit.SECONDS)).as("the sweep is ringing").isTrue();
            assertThat(query("""
                    SELECT a.state || ' ' || (a.backend_xid IS NULL) || ' ' || (a.backend_xmin IS NULL)
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"""))
                    .isEqualTo("idle in transaction true true");
        } finally {
            release.countDown();
        }
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.rung()).as("migration_in gen 2 > the row's target_gen 1").isEqualTo(1));
    }

    /** A simulator with {@code versions}, registered in the sled table with them. */
    private SledSimulator sled(Set<ApiVersion> versions) throws SQLException {
        SledSimulator sim = SledSimulator.start(SledSimConfig.defaults().withApiVersions(versions)
                .withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
        sleds.add(sim);
        insertSled(sim, versions.stream().map(ApiVersion::toString).sorted().toList(), "active");
        return sim;
    }

    /** A VMM created on {@code sim}, with the database row matching what the sled reports. */
    private UUID placedInSync(SledSimulator sim, Instant lastObserved) throws SQLException {
        UUID vmm = UUID.randomUUID();
        SledVmmState state = sim.sled().ensure(vmm, EnsureRequest.of(UUID.randomUUID()));
        return insertVmm(vmm, sim.config().sledId(), state.vmmState().state().wireName(), state.vmmState().gen(), lastObserved);
    }

    private UUID insertVmm(SledSimulator sim, String state, long generation, Instant lastObserved) throws SQLException {
        return insertVmm(UUID.randomUUID(), sim.config().sledId(), state, generation, lastObserved);
    }

    private UUID insertVmm(UUID id, UUID sled, String state, long generation, Instant lastObserved) throws SQLException {
        return SweepRows.insertVmm(database.dataSource(), id, sled, state, generation, lastObserved);
    }

    private void insertSled(SledSimulator sim, List<String> versions, String state) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO sled (id, address, api_versions, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, api_versions = EXCLUDED.api_versions,
                    state = EXCLUDED.state""")) {
            st.setObject(1, sim.config().sledId());
            st.setString(2, sim.baseUrl());
            st.setArray(3, c.createArrayOf("text", versions.toArray()));
            st.setString(4, state);
            st.executeUpdate();
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
