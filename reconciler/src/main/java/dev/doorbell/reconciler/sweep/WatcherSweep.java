package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.Doorbell;
import dev.doorbell.reconciler.apply.Observation;
import dev.doorbell.reconciler.apply.ObservationApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher (omicron's {@code instance_watcher}): every period (jittered) it rings a doorbell for
 * every VMM a sled may hold, so state changes that no doorbell reported (a lost ring, a sled that
 * restarted) are still pulled. As in omicron, that is every VMM but {@code creating} ones (no sled
 * has them yet) and {@code destroyed} ones; {@code failed} VMMs are still checked, since a VMM
 * marked failed by the control plane ({@code no_such_instance}, {@code sled_off}) that its sled
 * still reports moves on with the sled's next generation. VMMs on an <b>expunged</b> sled are not
 * rung: the sweep marks each that is not yet terminal {@code failed} with reason
 * {@code sled_expunged} (through the {@link ObservationApplier}, so its instance is updated in the
 * same transaction), as omicron's watcher does without calling the sled. A sled that is
 * {@code off} is rung like any other (omicron's watcher has no such shortcut for it): the fetcher's
 * {@code SledUnreachable} then marks its VMMs {@code sled_off}.
 * Rings go through the same collapse-and-fetch path as a sled's, so a sweep that races a sled's
 * own ring costs nothing extra. In production the {@link Doorbell} is a
 * {@code DoorbellPublisher} configured with {@code PublisherConfig.forSource(DoorbellSource.WATCHER)},
 * whose {@code ring} never blocks.
 *
 * <p><b>Spread, not a burst.</b> Rung all at once, a sweep of 100,000 VMMs is thousands of
 * background fetches a second for a moment, queued in front of the sleds' own rings, and the
 * doorbell latency of real changes rises with it. So a sweep rings at a steady pace: it counts the
 * VMMs it will ring, then releases the rings in equal steps (at most one every
 * {@link SweepPace#MIN_STEP}) over {@link SweepSettings#spread()} of the period (half by default),
 * but never slower than {@link SweepSettings#minRate()} rings a second, so a small fleet still
 * finishes at once. Each VMM is still rung once a period (sweeps start one jittered period apart,
 * ring in id order, and the next one starts only after this one ended), and the background load is
 * the fleet's size divided by the spread time instead of a spike. The pace is a
 * {@link SweepSleeper}: real waiting in production, a clock tests drive.
 *
 * <p><b>One sweeper at a time.</b> Several reconcilers may run; each tries to sweep, but a sweep
 * first takes a PostgreSQL advisory lock ({@link SweepSettings#lockKey()}) with
 * {@code pg_try_advisory_xact_lock} and skips the sweep if another session holds it. The lock is
 * held for the whole (spread) sweep by the one connection, and transaction, that also reads the
 * VMM ids. The transaction-scoped variant of {@code pg_try_advisory_lock} is used on purpose: the
 * connection comes from a pool, and a session-scoped lock whose unlock failed would travel back
 * into the pool with the connection and block every sweep; a transaction-scoped lock is released
 * by the commit or rollback that ends the sweep, and by PostgreSQL when a crashed reconciler's
 * session ends. A spread sweep therefore keeps one pooled connection in a transaction for up to
 * the spread time. That is cheap by construction: the transaction is {@code READ ONLY} and
 * {@code READ COMMITTED}, reads each batch whole before pacing its rings, and then runs a
 * snapshot-free {@code SHOW} that replaces the read's finished unnamed portal (which would keep the
 * read's snapshot), so while it waits it has no transaction id and no snapshot ({@code backend_xid}
 * and {@code backend_xmin} null, as a test checks) and holds back no vacuum; it only holds the lock. A database with
 * {@code idle_in_transaction_session_timeout} below the spread time would end such sweeps: keep it
 * above. Advisory locks beat partition ownership here: a sweep is a whole-table scan that needs no
 * knowledge of the consumer group, and a rebalance cannot make two instances sweep the same VMMs.
 * A sweeper that finds the lock taken skips its turn rather than waiting (the holder is doing the
 * work); with jitter, turns of different instances drift apart.
 *
 * <p>VMM ids are read in batches by keyset pagination on the primary key over the partial index of
 * non-terminal VMMs, so a sweep never holds a large result in memory.
 *
 * <p>{@link #close()} stops scheduling and stops a sweep in progress at its next ring (a wait is
 * woken at once); the stopped sweep rolls back, releasing the lock, and {@code close} waits briefly
 * for that.
 *
 * <p>Metrics: {@code doorbell.reconciler.sweep.duration} (timer: whole sweeps, pacing included),
 * {@code doorbell.reconciler.sweep.waited} (timer: of that, the time spent waiting for rings to come
 * due), {@code doorbell.reconciler.sweep.vmms.rung} (counter), {@code doorbell.reconciler.sweep.vmms.stale}
 * (gauge: non-terminal VMMs whose newest observation, {@code last_observed_at}, was older than two
 * periods at the last whole sweep), {@code doorbell.reconciler.sweep.skipped} (counter: turns skipped
 * because another reconciler swept).
 *
 * <p>{@link #sweepOnce()} may be called directly (tests do); {@link #start} schedules it.
 */
public final class WatcherSweep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatcherSweep.class);
    private static final String SWEPT = """
            FROM vmm v LEFT JOIN sled s ON s.id = v.sled_id
            WHERE v.state NOT IN ('creating', 'destroyed') AND (s.state IS NULL OR s.state <> 'expunged')""";
    private static final String COUNT = "SELECT count(*) " + SWEPT;
    private static final String BATCH = "SELECT v.id, v.state <> 'failed' AND v.last_observed_at < ? AS stale " + SWEPT
            + " AND v.id > ? ORDER BY v.id LIMIT ?";
    /**
     * A statement without a snapshot. Run after each read, it replaces the read's finished unnamed
     * portal, which would otherwise keep the read's snapshot (and so the vacuum horizon) while the
     * sweep waits.
     */
    private static final String DROP_PORTAL = "SHOW transaction_isolation";
    private static final String ON_EXPUNGED_SLEDS = """
            SELECT v.id, v.sled_id FROM vmm v JOIN sled s ON s.id = v.sled_id
            WHERE s.state = 'expunged' AND v.state NOT IN ('creating', 'failed', 'destroyed')""";
    /** The {@code last_source} of a VMM the sweep marked failed. */
    static final String SOURCE = "watcher";
    /** PostgreSQL orders uuids by their bytes, unsigned: the nil UUID sorts first. */
    private static final UUID BEFORE_ALL = new UUID(0, 0);
    /** How long {@link #close()} waits for a stopped sweep to roll back. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final ObservationApplier applier;
    private final Doorbell doorbell;
    private final SweepSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final SweepSleeper sleeper;
    private final Timer duration;
    private final Timer waited;
    private final Counter rung;
    private final Counter skipped;
    private final AtomicLong stale = new AtomicLong();
    /** Held by the sweep in progress: one at a time per instance, and {@link #close()} waits on it. */
    private final ReentrantLock sweeping = new ReentrantLock();
    private final Object scheduleLock = new Object();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    /**
     * @param clock   wall time, for what counts as stale and for the observations of expunged sleds' VMMs
     * @param sleeper the pace of rings ({@link SweepSleeper#system()} in production); this sweep stops it on close
     */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                        RandomGenerator random, SweepSleeper sleeper) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.applier = new ObservationApplier(dataSource);
        this.doorbell = Objects.requireNonNull(doorbell, "doorbell");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.duration = meters.timer("doorbell.reconciler.sweep.duration");
        this.waited = meters.timer("doorbell.reconciler.sweep.waited");
        this.rung = meters.counter("doorbell.reconciler.sweep.vmms.rung");
        this.skipped = meters.counter("doorbell.reconciler.sweep.skipped");
        meters.gauge("doorbell.reconciler.sweep.vmms.stale", stale);
    }

    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                        RandomGenerator random) {
        this(dataSource, doorbell, settings, meters, clock, random, SweepSleeper.system());
    }

    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters) {
        this(dataSource, doorbell, settings, meters, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    /**
     * Sweeps now if no other reconciler (and no other call on this one) is sweeping: rings every
     * VMM a sled may hold once, spread as the settings say, and returns when done or stopped.
     *
     * @throws SQLException if the database fails; the lock is released with the transaction
     */
    public SweepOutcome sweepOnce() throws SQLException {
        if (!sweeping.tryLock()) {
            skipped.increment();
            LOG.debug("this reconciler is sweeping already; skipped");
            return new SweepOutcome.Skipped();
        }
        try {
            if (closed) {
                return new SweepOutcome.Stopped(0, Duration.ZERO);
            }
            return sweepInTransaction();
        } finally {
            sweeping.unlock();
        }
    }

    private SweepOutcome sweepInTransaction() throws SQLException {
        long began = sleeper.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    skipped.increment();
                    LOG.debug("another reconciler is sweeping; skipped");
                    return new SweepOutcome.Skipped();
                }
                SweepOutcome outcome = sweepLocked(c, began);
                if (outcome instanceof SweepOutcome.Stopped) {
                    c.rollback(); // releases the lock; the transaction only read
                } else {
                    c.commit(); // releases the lock
                }
                return outcome;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            st.setLong(1, settings.lockKey());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private SweepOutcome sweepLocked(Connection c, long began) throws SQLException {
        Timestamp staleBefore = Timestamp.from(clock.instant().minus(settings.staleAfter()));
        long marked = markExpunged(c); // first: it needs no ring, so no pace
        long expected = settings.spread() == 0 ? 0 : count(c);
        SweepPacer pacer = new SweepPacer(SweepPace.of(expected, settings.window(expected)), sleeper);
        long rungNow = 0;
        long staleNow = 0;
        UUID after = BEFORE_ALL;
        try (PreparedStatement st = c.prepareStatement(BATCH); PreparedStatement dropPortal = c.prepareStatement(DROP_PORTAL)) {
            List<Vmm> batch;
            do {
                batch = readBatch(st, staleBefore, after);
                dropPortal.execute();
                for (Vmm vmm : batch) {
                    if (!pacer.awaitTurn(rungNow) || closed) {
                        return stopped(rungNow, began);
                    }
                    doorbell.ring(vmm.id());
                    rung.increment();
                    rungNow++;
                    if (vmm.stale()) {
                        staleNow++;
                    }
                    after = vmm.id();
                }
            } while (batch.size() == settings.batchSize());
        }
        stale.set(staleNow);
        Duration took = Duration.ofNanos(sleeper.nanoTime() - began);
        Duration waitedFor = Duration.ofNanos(pacer.waitedNanos());
        duration.record(took);
        waited.record(waitedFor);
        LOG.atInfo().addKeyValue("rung", rungNow).addKeyValue("stale", staleNow).addKeyValue("ms", took.toMillis())
                .addKeyValue("waitedMs", waitedFor.toMillis()).log("watcher sweep done");
        return new SweepOutcome.Swept(rungNow, staleNow, marked, took, waitedFor);
    }

    private SweepOutcome.Stopped stopped(long rungNow, long began) {
        LOG.atInfo().addKeyValue("rung", rungNow).log("watcher sweep stopped");
        return new SweepOutcome.Stopped(rungNow, Duration.ofNanos(sleeper.nanoTime() - began));
    }

    private long count(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(COUNT); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The next page, read whole (at most one batch) so no statement stays open while rings wait. */
    private List<Vmm> readBatch(PreparedStatement st, Timestamp staleBefore, UUID after) throws SQLException {
        st.setTimestamp(1, staleBefore);
        st.setObject(2, after);
        st.setInt(3, settings.batchSize());
        List<Vmm> batch = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                batch.add(new Vmm(rs.getObject(1, UUID.class), rs.getBoolean(2)));
            }
        }
        return batch;
    }

    private record Vmm(UUID id, boolean stale) {}

    /**
     * Marks the not yet terminal VMMs of expunged sleds failed: a {@code SledUnreachable} of a VMM
     * whose sled is expunged is exactly that to the applier ({@code sled_expunged}, generation + 1).
     * The applier writes on a connection of its own, outside the sweep's read-only transaction.
     */
    private long markExpunged(Connection c) throws SQLException {
        List<Observation> marks = new ArrayList<>();
        Instant now = clock.instant();
        try (PreparedStatement st = c.prepareStatement(ON_EXPUNGED_SLEDS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                marks.add(new Observation.SledUnreachable(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), now, SOURCE,
                        "sled expunged", 0));
            }
        }
        return marks.isEmpty() ? 0 : applier.apply(marks).markedFailed();
    }

    /**
     * Sweeps on {@code executor}, the first time after one jittered period, then each one jittered
     * period after the previous one started, or as soon as it ended if it took longer: sweeps never
     * overlap. A failed sweep is logged and the schedule goes on. The executor stays the caller's to
     * shut down.
     */
    public void start(ScheduledExecutorService executor) {
        synchronized (scheduleLock) {
            if (scheduler != null) {
                throw new IllegalStateException("already started");
            }
            scheduler = Objects.requireNonNull(executor, "executor");
            scheduleNext(nextDelay());
        }
    }

    /** The delay before the next sweep: the period times a factor in {@code [1 - jitter, 1 + jitter]}. */
    Duration nextDelay() {
        double factor = 1 + settings.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) (settings.period().toNanos() * factor));
    }

    private void scheduleNext(Duration delay) {
        synchronized (scheduleLock) {
            if (closed) {
                return;
            }
            try {
                next = scheduler.schedule(this::scheduledSweep, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("scheduler shut down; no more sweeps");
            }
        }
    }

    private void scheduledSweep() {
        long began = sleeper.nanoTime();
        try {
            sweepOnce();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("watcher sweep failed; next one as scheduled: {}", e.toString());
        } finally {
            scheduleNext(delayAfter(Duration.ofNanos(sleeper.nanoTime() - began)));
        }
    }

    /** The delay before the next sweep once one that began {@code took} ago ended: start to start, never negative. */
    Duration delayAfter(Duration took) {
        Duration left = nextDelay().minus(took);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Stops scheduling sweeps and stops one in progress at its next ring, waiting (briefly) until it
     * rolled back and so released the lock.
     */
    @Override
    public void close() {
        synchronized (scheduleLock) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        sleeper.stop();
        if (sweeping.isHeldByCurrentThread()) {
            return;
        }
        try {
            if (sweeping.tryLock(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                sweeping.unlock();
            } else {
                LOG.warn("a watcher sweep was still running {} after close", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
