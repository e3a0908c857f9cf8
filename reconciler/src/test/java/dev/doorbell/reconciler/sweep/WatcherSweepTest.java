package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.Doorbell;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(PostgresExtension.class)
class WatcherSweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Database database;

    @BeforeEach
    void freshDatabase(PostgresServer postgres) throws SQLException {
        database = TestDatabases.create(postgres);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Counts rings per VMM. */
    private static final class CountingDoorbell implements Doorbell {
        final List<UUID> rings = new CopyOnWriteArrayList<>();

        @Override
        public void ring(UUID vmmId) {
            rings.add(vmmId);
        }
    }

    private static final List<String> DATABASE_STATES = List.of("creating", "starting", "running", "stopping", "stopped",
            "rebooting", "migrating", "failed", "destroyed");

    @Test
    void ringsEveryVmmASledMayHoldOnceEachAcrossBatches() throws SQLException {
        Set<UUID> live = new HashSet<>();
        Set<UUID> overdue = new HashSet<>();
        for (String state : DATABASE_STATES) {
            for (int i = 0; i < 3; i++) {
                boolean old = i == 0;
                UUID id = insertVmm(state, old ? NOW.minus(Duration.ofMinutes(5)) : NOW.minusSeconds(1));
                // as omicron's watcher: every VMM but those no sled has yet and destroyed ones; failed ones too
                if (!state.equals("creating") && !state.equals("destroyed")) {
                    live.add(id);
                    if (old && !state.equals("failed")) {
                        overdue.add(id);
                    }
                }
            }
        }
        CountingDoorbell doorbell = new CountingDoorbell();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // batches of 4 over 21 live VMMs: several pages, the last one partial
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), doorbell,
                SweepSettings.defaults().withBatchSize(4), meters, CLOCK, new Random(1));

        SweepOutcome outcome = sweep.sweepOnce();

        assertThat(doorbell.rings).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(live);
        assertThat(outcome).isInstanceOfSatisfying(SweepOutcome.Swept.class, swept -> {
            assertThat(swept.rung()).isEqualTo(live.size());
            assertThat(swept.overdue()).isEqualTo(overdue.size());
            assertThat(swept.markedExpunged()).isZero();
        });
        assertThat(meters.get(WatcherSweep.RUNG).counter().count()).isEqualTo(live.size());
        // one row per sled swept (each VMM here has a sled of its own): 1 for the sleds of overdue VMMs, 0 for the others
        assertThat(meters.get(WatcherSweep.OVERDUE).gauges()).hasSizeGreaterThan(overdue.size())
                .filteredOn(g -> g.value() == 1).hasSize(overdue.size());
        assertThat(meters.get(WatcherSweep.OVERDUE).gauges().stream().mapToDouble(Gauge::value).sum()).isEqualTo(overdue.size());
        assertThat(meters.get(WatcherSweep.DURATION).timer().count()).isEqualTo(1);
    }

    @Test
    void vmmsOnAnExpungedSledAreMarkedFailedWithoutRingingAndThoseOnAnOffSledAreRung() throws SQLException {
        UUID expunged = insertSled("expunged");
        UUID off = insertSled("off");
        UUID onExpunged = insertVmm("running", NOW, expunged);
        UUID alreadyDestroyed = insertVmm("destroyed", NOW, expunged);
        UUID onOff = insertVmm("running", NOW, off);
        UUID instance = UUID.randomUUID();
        execute("INSERT INTO instance (id, name, state, active_vmm_id) VALUES ('" + instance + "', 'i', 'vmm', '" + onExpunged + "')");
        execute("UPDATE vmm SET instance_id = '" + instance + "' WHERE id = '" + onExpunged + "'");
        CountingDoorbell doorbell = new CountingDoorbell();
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), doorbell, SweepSettings.defaults(),
                new SimpleMeterRegistry(), CLOCK, new Random(1));

        SweepOutcome outcome = sweep.sweepOnce();

        assertThat(doorbell.rings).containsExactly(onOff);
        assertThat(outcome).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.markedExpunged()).isEqualTo(1));
        assertThat(query("SELECT state || ' ' || failure_reason || ' ' || state_generation FROM vmm WHERE id = '" + onExpunged + "'"))
                .isEqualTo("failed sled_expunged 4");
        assertThat(query("SELECT state FROM vmm WHERE id = '" + alreadyDestroyed + "'")).isEqualTo("destroyed");
        assertThat(query("SELECT state || ' ' || failure_reason FROM instance WHERE id = '" + instance + "'"))
                .as("the instance follows its VMM's reason").isEqualTo("failed sled_expunged");

        assertThat(sweep.sweepOnce()).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.markedExpunged()).as("marked once").isZero());
    }

    @Test
    void batchSizeEqualToTheCountStillEndsAndRingsEachOnce() throws SQLException {
        List<UUID> live = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            live.add(insertVmm(VmmState.RUNNING, NOW));
        }
        CountingDoorbell doorbell = new CountingDoorbell();
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), doorbell, SweepSettings.defaults().withBatchSize(5),
                new SimpleMeterRegistry(), CLOCK, new Random(1));

        sweep.sweepOnce();

        assertThat(doorbell.rings).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void onlyOneOfTwoConcurrentSweepersSweeps() throws Exception {
        insertVmm(VmmState.RUNNING, NOW);
        insertVmm(VmmState.STARTING, NOW);
        CountDownLatch firstRing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Doorbell blocking = vmm -> {
            firstRing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CountingDoorbell other = new CountingDoorbell();
        SimpleMeterRegistry aMeters = new SimpleMeterRegistry();
        WatcherSweep a = new WatcherSweep(database.dataSource(), blocking, SweepSettings.defaults(), aMeters, CLOCK, new Random(1));
        SimpleMeterRegistry bMeters = new SimpleMeterRegistry();
        WatcherSweep b = new WatcherSweep(database.dataSource(), other, SweepSettings.defaults(), bMeters, CLOCK, new Random(2));

        CompletableFuture<SweepOutcome> first = CompletableFuture.supplyAsync(() -> {
            try {
                return a.sweepOnce();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstRing.await(30, TimeUnit.SECONDS)).as("sweeper A is mid-sweep").isTrue();

        assertThat(b.sweepOnce()).isInstanceOf(SweepOutcome.Skipped.class);
        assertThat(other.rings).isEmpty();
        assertThat(bMeters.get(WatcherSweep.SKIPPED).counter().count()).isEqualTo(1);
        assertThat(aMeters.get(WatcherSweep.HOLDING).gauge().value()).as("A holds the sweep lock").isEqualTo(1);
        assertThat(bMeters.get(WatcherSweep.HOLDING).gauge().value()).as("B does not").isZero();

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.rung()).isEqualTo(2));
        assertThat(aMeters.get(WatcherSweep.HOLDING).gauge().value()).as("released with the sweep").isZero();
        assertThat(b.sweepOnce()).as("the lock is gone with A's sweep").isInstanceOf(SweepOutcome.Swept.class);
        assertThat(other.rings).hasSize(2);
    }

    @Test
    void skipsWhileAnotherSessionHoldsTheLockAndSweepsOnceItIsReleased() throws SQLException {
        UUID vmm = insertVmm(VmmState.RUNNING, NOW);
        CountingDoorbell doorbell = new CountingDoorbell();
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), doorbell, SweepSettings.defaults(),
                new SimpleMeterRegistry(), CLOCK, new Random(1));
        try (Connection holder = database.dataSource().getConnection(); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + SweepSettings.DEFAULT_LOCK_KEY + ")");
            assertThat(sweep.sweepOnce()).isInstanceOf(SweepOutcome.Skipped.class);
            assertThat(doorbell.rings).isEmpty();
            st.execute("SELECT pg_advisory_unlock(" + SweepSettings.DEFAULT_LOCK_KEY + ")");
        }
        assertThat(sweep.sweepOnce()).isInstanceOf(SweepOutcome.Swept.class);
        assertThat(doorbell.rings).containsExactly(vmm);
    }

    @Test
    void scheduledSweepsRepeat() throws SQLException {
        UUID vmm = insertVmm(VmmState.RUNNING, NOW);
        CountingDoorbell doorbell = new CountingDoorbell();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (WatcherSweep sweep = new WatcherSweep(database.dataSource(), doorbell,
                SweepSettings.defaults().withPeriod(Duration.ofMillis(20)), new SimpleMeterRegistry(), CLOCK, new Random(1))) {
            sweep.start(executor);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(doorbell.rings).hasSizeGreaterThanOrEqualTo(3));
            assertThat(new HashSet<>(doorbell.rings)).containsExactly(vmm);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void delaysStayWithinTheJitter() {
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), vmm -> { }, SweepSettings.defaults(),
                new SimpleMeterRegistry(), CLOCK, new Random(42));
        Set<Duration> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            Duration d = sweep.nextDelay();
            assertThat(d).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
            seen.add(d);
        }
        assertThat(seen).as("jittered, not constant").hasSizeGreaterThan(100);
    }

    /** Pacing time the test drives: a sleep moves it to its deadline at once, or the chosen sleep holds until stopped. */
    private static final class FakeSleeper implements SweepSleeper {
        private final int holdAtSleep;
        final CountDownLatch holding = new CountDownLatch(1);
        private long now;
        private int sleeps;
        private boolean stopped;

        FakeSleeper(int holdAtSleep) {
            this.holdAtSleep = holdAtSleep;
        }

        FakeSleeper() {
            this(-1);
        }

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized boolean sleepUntil(long deadline) throws InterruptedException {
            if (sleeps++ == holdAtSleep) {
                holding.countDown();
                while (!stopped) {
                    wait();
                }
            }
            if (stopped) {
                return false;
            }
            now = Math.max(now, deadline);
            return true;
        }

        @Override
        public synchronized void stop() {
            stopped = true;
            notifyAll();
        }
    }

    /** A ring and when it was released, on the fake sleeper's clock. */
    private record Ring(UUID vmm, Duration at) {}

    private static Doorbell recording(List<Ring> rings, SweepSleeper sleeper) {
        return vmm -> rings.add(new Ring(vmm, Duration.ofNanos(sleeper.nanoTime())));
    }

    /** Rings spread over half of 10 s; every page checked at once, so the rings' pace starts with the sweep. */
    private static final SweepSettings TEN_SECONDS_HALF_SPREAD = SweepSettings.defaults().withPeriod(Duration.ofSeconds(10))
            .withSpread(0.5).withMinRate(0).withCheckSpread(0);

    @Test
    void theCheckReadsItsPagesAtAPaceOverItsShareOfThePeriodAndTheRingsAreSpreadAfterIt() throws SQLException {
        execute("INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, last_source, last_observed_at) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), 'running', 1, now(), 'fetch', now() FROM generate_series(1, 1200)");
        FakeSleeper sleeper = new FakeSleeper();
        List<Ring> rings = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), recording(rings, sleeper),
                TEN_SECONDS_HALF_SPREAD.withCheckSpread(0.25).withBatchSize(300), meters, CLOCK, new Random(1), sleeper);

        SweepOutcome outcome = sweep.sweepOnce();

        // 4 pages over a quarter of 10 s: read at 0, 0.625, 1.25 and 1.875 s; then 1200 rings over 5 s in 250 ms steps
        assertThat(rings).hasSize(1200).extracting(Ring::vmm).doesNotHaveDuplicates();
        assertThat(rings.getFirst().at()).as("the first ring, once the last page was checked").isEqualTo(Duration.ofMillis(1875));
        assertThat(rings.getLast().at()).isEqualTo(Duration.ofMillis(1875 + 4750));
        assertThat(outcome).isInstanceOfSatisfying(SweepOutcome.Swept.class, swept -> {
            assertThat(swept.took()).isEqualTo(Duration.ofMillis(1875 + 4750));
            assertThat(swept.waited()).as("the check's pace and the rings'").isEqualTo(Duration.ofMillis(1875 + 4750));
        });
    }

    @Test
    void aSmallFleetIsCheckedAtOnce() throws SQLException {
        for (int i = 0; i < 5; i++) {
            insertVmm(VmmState.RUNNING, NOW);
        }
        FakeSleeper sleeper = new FakeSleeper();
        List<Ring> rings = new CopyOnWriteArrayList<>();
        // 5 VMMs in pages of 2 at >= 1000 VMMs/s: 5 ms to check, shorter than one step
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), recording(rings, sleeper), SweepSettings.defaults()
                .withBatchSize(2), new SimpleMeterRegistry(), CLOCK, new Random(1), sleeper);

        assertThat(sweep.sweepOnce()).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.took()).isZero());
        assertThat(rings).hasSize(5);
    }

    @Test
    void aSpreadSweepReleasesItsRingsInStepsOverTheSpreadAndRingsEachVmmOnce() throws SQLException {
        List<UUID> live = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            live.add(insertVmm(VmmState.RUNNING, NOW));
        }
        FakeSleeper sleeper = new FakeSleeper();
        List<Ring> rings = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // pages of 3: the pace carries on across pages
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), recording(rings, sleeper),
                TEN_SECONDS_HALF_SPREAD.withBatchSize(3), meters, CLOCK, new Random(1), sleeper);

        SweepOutcome outcome = sweep.sweepOnce();

        assertThat(rings).extracting(Ring::vmm).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(live);
        assertThat(rings).extracting(Ring::at).as("10 rings over 5 s: one every 0.5 s").containsExactly(
                Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(1500), Duration.ofMillis(2000),
                Duration.ofMillis(2500), Duration.ofMillis(3000), Duration.ofMillis(3500), Duration.ofMillis(4000),
                Duration.ofMillis(4500));
        assertThat(outcome).isInstanceOfSatisfying(SweepOutcome.Swept.class, swept -> {
            assertThat(swept.rung()).isEqualTo(10);
            assertThat(swept.took()).isEqualTo(Duration.ofMillis(4500));
            assertThat(swept.waited()).isEqualTo(Duration.ofMillis(4500));
        });
        assertThat(meters.get(WatcherSweep.WAITED).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4500);
    }

    @Test
    void aLargerFleetIsReleasedInEqualStepsOfTheMinimumStepEachVmmOnce() throws SQLException {
        execute("INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, last_source, last_observed_at) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), 'running', 1, now(), 'fetch', now() FROM generate_series(1, 1200)");
        FakeSleeper sleeper = new FakeSleeper();
        List<Ring> rings = new CopyOnWriteArrayList<>();
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), recording(rings, sleeper),
                TEN_SECONDS_HALF_SPREAD.withBatchSize(500), new SimpleMeterRegistry(), CLOCK, new Random(1), sleeper);

        sweep.sweepOnce();

        assertThat(rings).hasSize(1200).extracting(Ring::vmm).doesNotHaveDuplicates();
        // 5 s in steps of 250 ms: 20 steps of 60 rings
        Map<Duration, Long> perStep = rings.stream().collect(Collectors.groupingBy(Ring::at, TreeMap::new, Collectors.counting()));
        assertThat(perStep).hasSize(20);
        assertThat(perStep.keySet()).allSatisfy(at -> assertThat(at.toNanos() % SweepPace.MIN_STEP.toNanos()).isZero());
        assertThat(((TreeMap<Duration, Long>) perStep).lastKey()).isEqualTo(Duration.ofMillis(4750));
        assertThat(perStep.values()).allSatisfy(n -> assertThat(n).isEqualTo(60L));
    }

    @Test
    void aSmallFleetRingsAtTheMinimumRateRatherThanTricklingOverTheSpread() throws SQLException {
        for (int i = 0; i < 5; i++) {
            insertVmm(VmmState.RUNNING, NOW);
        }
        FakeSleeper sleeper = new FakeSleeper();
        List<Ring> rings = new CopyOnWriteArrayList<>();
        // 5 rings at >= 1000/s: 5 ms, shorter than one step, so all at once
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), recording(rings, sleeper),
                TEN_SECONDS_HALF_SPREAD.withMinRate(1000), new SimpleMeterRegistry(), CLOCK, new Random(1), sleeper);

        assertThat(sweep.sweepOnce()).isInstanceOfSatisfying(SweepOutcome.Swept.class,
                swept -> assertThat(swept.took()).isZero());
        assertThat(rings).hasSize(5).extracting(Ring::at).containsOnly(Duration.ZERO);
    }

    @Test
    void aSpreadSweepHoldsTheLockWithoutASnapshotAnotherReconcilerSkipsAndCloseStopsIt() throws Exception {
        List<UUID> live = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            live.add(insertVmm(VmmState.RUNNING, NOW));
        }
        FakeSleeper sleeper = new FakeSleeper(2); // rings 3 VMMs (at 0, 0.5 s, 1 s), then waits until stopped
        List<Ring> rings = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry aMeters = new SimpleMeterRegistry();
        WatcherSweep a = new WatcherSweep(database.dataSource(), recording(rings, sleeper), TEN_SECONDS_HALF_SPREAD, aMeters,
                CLOCK, new Random(1), sleeper);
        CountingDoorbell other = new CountingDoorbell();
        WatcherSweep b = new WatcherSweep(database.dataSource(), other, TEN_SECONDS_HALF_SPREAD, new SimpleMeterRegistry(),
                CLOCK, new Random(2), new FakeSleeper());
        CompletableFuture<SweepOutcome> first = CompletableFuture.supplyAsync(() -> {
            try {
                return a.sweepOnce();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(sleeper.holding.await(30, TimeUnit.SECONDS)).as("A is waiting mid-sweep").isTrue();

        assertThat(b.sweepOnce()).as("A's spread sweep holds the lock").isInstanceOf(SweepOutcome.Skipped.class);
        assertThat(other.rings).isEmpty();
        assertThat(query("""
                SELECT a.state || ' ' || (a.backend_xid IS NULL) || ' ' || (a.backend_xmin IS NULL)
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"""))
                .as("the waiting sweep has neither a transaction id nor a snapshot").isEqualTo("idle in transaction true true");

        a.close();

        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(SweepOutcome.Stopped.class,
                stopped -> assertThat(stopped.rung()).isEqualTo(3));
        assertThat(rings).hasSize(3);
        assertThat(aMeters.get(WatcherSweep.DURATION).timer().count()).as("no whole sweep").isZero();
        assertThat(a.sweepOnce()).as("closed").isInstanceOf(SweepOutcome.Stopped.class);
        assertThat(b.sweepOnce()).as("the lock went with A's stopped sweep").isInstanceOf(SweepOutcome.Swept.class);
        assertThat(other.rings).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void anInterruptedSpreadSweepStopsAndReleasesTheLock() throws Exception {
        for (int i = 0; i < 10; i++) {
            insertVmm(VmmState.RUNNING, NOW);
        }
        FakeSleeper sleeper = new FakeSleeper(0); // rings one VMM, then waits
        WatcherSweep a = new WatcherSweep(database.dataSource(), vmm -> { }, TEN_SECONDS_HALF_SPREAD, new SimpleMeterRegistry(),
                CLOCK, new Random(1), sleeper);
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        // as the reconciler's scheduler does on close (shutdownNow)
        Thread sweeping = Thread.ofPlatform().start(() -> {
            try {
                outcome.complete(a.sweepOnce());
            } catch (SQLException e) {
                outcome.completeExceptionally(e);
            }
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        assertThat(sleeper.holding.await(30, TimeUnit.SECONDS)).isTrue();

        sweeping.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(SweepOutcome.Stopped.class,
                stopped -> assertThat(stopped.rung()).isEqualTo(1));
        assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).as("the interrupt is kept").isTrue();
        WatcherSweep b = new WatcherSweep(database.dataSource(), vmm -> { }, TEN_SECONDS_HALF_SPREAD, new SimpleMeterRegistry(),
                CLOCK, new Random(2), new FakeSleeper());
        assertThat(b.sweepOnce()).as("the lock is released").isInstanceOf(SweepOutcome.Swept.class);
    }

    @Test
    void theNextSweepIsDueAJitteredPeriodAfterThePreviousOneBeganAndAtOnceIfItRanLonger() {
        WatcherSweep sweep = new WatcherSweep(database.dataSource(), vmm -> { }, SweepSettings.defaults(),
                new SimpleMeterRegistry(), CLOCK, new Random(42));
        for (int i = 0; i < 100; i++) {
            assertThat(sweep.delayAfter(Duration.ofSeconds(15))).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(18));
            assertThat(sweep.delayAfter(Duration.ofSeconds(40))).isZero();
        }
    }

    private UUID insertVmm(VmmState state, Instant lastObserved) throws SQLException {
        return insertVmm(state.wireName(), lastObserved);
    }

    private UUID insertVmm(String state, Instant lastObserved) throws SQLException {
        return insertVmm(state, lastObserved, UUID.randomUUID());
    }

    private UUID insertVmm(String state, Instant lastObserved, UUID sled) throws SQLException {
        return SweepRows.insertVmm(database.dataSource(), UUID.randomUUID(), sled, state, 3, lastObserved);
    }

    private UUID insertSled(String state) throws SQLException {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO sled (id, address, state) VALUES ('" + id + "', '127.0.0.1:1', '" + state + "')");
        return id;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
