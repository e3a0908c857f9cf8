package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.Doorbell;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.apply.Observation;
import dev.doorbell.reconciler.apply.ObservationApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher (omicron's {@code instance_watcher}): every period (jittered) it checks every VMM a
 * sled may hold, so state changes that no doorbell reported (a lost ring, a sled that restarted)
 * are still pulled. As in omicron, that is every VMM but {@code destroyed} ones; {@code failed}
 * VMMs are still checked, since a VMM marked failed by the control plane ({@code no_such_instance},
 * {@code sled_off}) that its sled still reports moves on with the sled's next generation. VMMs on an
 * <b>expunged</b> sled are not checked: the sweep marks each that is not yet terminal
 * {@code failed} with reason {@code sled_expunged} (through the {@link ObservationApplier}, so its
 * instance is updated in the same transaction), as omicron's watcher does without calling the sled.
 *
 * <p><b>Compare, then ring only what changed (a deviation from omicron).</b> omicron's watcher asks
 * each sled for each VMM's state, one call at a time, and applies what it reads. Here a ring costs
 * a fetch (a sled request, an observation record, a database touch); at 100,000 VMMs, one fetch
 * per VMM per 30 s period is 3,333 fetches a second with nothing changed, more than a 2-core
 * machine's whole capacity. So a comparing sweep (built with a {@link SledStateCheck}) reads the
 * VMMs page by page with their generation, state and sled, asks each sled in bulk
 * ({@code POST /vmms/states}, at most {@link dev.doorbell.model.VmmStatesRequest#MAX_IDS} ids a
 * request, one request after another) for the states of the VMMs the database places on it, and
 * rings only those whose sled knows something the database does not ({@link SweepComparison}): a
 * greater VMM generation, a migration side with a greater generation than the migration row's (or
 * no row), or a VMM the sled does not know that the database has neither {@code failed} nor
 * {@code creating}. It never applies what it read: the one apply path stays ring, fetch,
 * observation, applier. The outcome is omicron's: its applier, like ours, changes a row only for a
 * greater generation, so the reads a comparing sweep does not turn into rings are exactly those
 * that would have changed nothing. A VMM found in sync is counted confirmed; a sled state read
 * before a later change is harmless, since that change rings itself and the next sweep compares
 * again. {@code creating} VMMs are checked too, but rung only when their sled reports them (a lost
 * first ring); a sled that does not know one yet is normal. A sled that cannot be asked (not in the
 * {@code sled} table, no registered version with the batch endpoint, or its request failed: off,
 * unreachable, timed out, an error status, an unreadable answer) has all its VMMs of the sweep rung
 * as omicron's watcher would (not {@code creating} ones), and is not asked again in that sweep; the
 * fetcher's {@code SledUnreachable} then marks the VMMs of a sled that is {@code off}
 * {@code sled_off}. A <b>ring-everything</b> sweep (built without a check) asks no sled and rings
 * every VMM but {@code creating} ones, as before.
 * Rings go through the same collapse-and-fetch path as a sled's, so a sweep that races a sled's
 * own ring costs nothing extra. In production the {@link Doorbell} is a
 * {@code DoorbellPublisher} configured with {@code PublisherConfig.forSource(DoorbellSource.WATCHER)},
 * whose {@code ring} never blocks.
 *
 * <p><b>Spread, not a burst.</b> Rung all at once, a sweep of 100,000 VMMs (a ring-everything
 * sweep, or sleds that cannot be asked) is thousands of background fetches a second for a moment,
 * queued in front of the sleds' own rings, and the doorbell latency of real changes rises with it.
 * So a sweep first checks every VMM, collecting the ids to ring, then releases the rings at a
 * steady pace in equal steps (at most one every {@link SweepPace#MIN_STEP}) over
 * {@link SweepSettings#spread()} of the period (half by default), but never slower than
 * {@link SweepSettings#minRate()} rings a second, so a few rings go out at once. Each VMM is still
 * checked once a period (sweeps start one jittered period apart, read in (sled, id) order, and the
 * next one starts only after this one ended), and the background load is the rings divided by the
 * spread time instead of a spike. The pace is a {@link SweepSleeper}: real waiting in production,
 * a clock tests drive.
 *
 * <p><b>One sweeper at a time.</b> Several reconcilers may run; each tries to sweep, but a sweep
 * first takes a PostgreSQL advisory lock ({@link SweepSettings#lockKey()}) with
 * {@code pg_try_advisory_xact_lock} and skips the sweep if another session holds it. The lock is
 * held for the whole (spread) sweep by the one connection, and transaction, that also reads the
 * VMMs. The transaction-scoped variant of {@code pg_try_advisory_lock} is used on purpose: the
 * connection comes from a pool, and a session-scoped lock whose unlock failed would travel back
 * into the pool with the connection and block every sweep; a transaction-scoped lock is released
 * by the commit or rollback that ends the sweep, and by PostgreSQL when a crashed reconciler's
 * session ends. A spread sweep therefore keeps one pooled connection in a transaction while it
 * asks the sleds and for up to the spread time. That is cheap by construction: the transaction is
 * {@code READ ONLY} and {@code READ COMMITTED}, reads each page (and its migration rows) whole
 * before asking sleds or pacing rings, and then runs a snapshot-free {@code SHOW} that replaces the
 * read's finished unnamed portal (which would keep the read's snapshot), so while it waits it has
 * no transaction id and no snapshot ({@code backend_xid} and {@code backend_xmin} null, as a test
 * checks) and holds back no vacuum; it only holds the lock. A database with
 * {@code idle_in_transaction_session_timeout} below the spread time would end such sweeps: keep it
 * above. Advisory locks beat partition ownership here: a sweep is a whole-table scan that needs no
 * knowledge of the consumer group, and a rebalance cannot make two instances sweep the same VMMs.
 * A sweeper that finds the lock taken skips its turn rather than waiting (the holder is doing the
 * work); with jitter, turns of different instances drift apart.
 *
 * <p>VMMs are read in pages by keyset pagination on {@code (sled_id, id)} over the partial index
 * {@code vmm_sweep} of VMMs that are not {@code destroyed}, so a sweep never holds a large result in
 * memory (only the ids to ring) and a page holds the VMMs of few sleds.
 *
 * <p>{@link #close()} stops scheduling and stops a sweep in progress at its next page or ring (a
 * wait is woken at once); the stopped sweep rolls back, releasing the lock, and {@code close} waits
 * briefly for that.
 *
 * <p>Metrics: {@value #DURATION} (timer: whole sweeps, asking and pacing included),
 * {@value #WAITED} (timer: of that, the time spent waiting for rings to come due),
 * {@value #RUNG} (counter), {@value #CONFIRMED} (counter: VMMs in sync per their sled's bulk answer,
 * not rung), {@value #OVERDUE} (gauge: VMMs, not failed or creating, that the last whole sweep could
 * not confirm and whose newest observation, {@code last_observed_at}, was older than two periods;
 * a confirmed VMM is not fetched, so its {@code last_observed_at} no longer moves and says nothing),
 * {@value #SKIPPED} (counter: turns skipped because another reconciler swept), {@value #HOLDING} (gauge: 1 while
 * this reconciler holds the sweep lock).
 *
 * <p>{@link #sweepOnce()} may be called directly (tests do); {@link #start} schedules it.
 */
public final class WatcherSweep implements AutoCloseable {

    /** Timer: whole sweeps, pacing included. */
    public static final String DURATION = "doorbell.reconciler.sweep.duration";
    /** Timer: of a sweep, the time spent waiting for rings to come due. */
    public static final String WAITED = "doorbell.reconciler.sweep.waited";
    /** Counter: VMMs whose doorbell a sweep rang. */
    public static final String RUNG = "doorbell.reconciler.sweep.vmms.rung";
    /** Counter: VMMs a sweep found in sync with their sled's bulk answer, and so did not ring. */
    public static final String CONFIRMED = "doorbell.reconciler.sweep.vmms.confirmed";
    /**
     * Gauge, tag {@code sled} (a sled id, or {@code unregistered}): VMMs the last whole sweep could not confirm whose
     * newest observation was older than two periods — the database's stale corner, per sled; 0 for a sled whose VMMs
     * were all confirmed or recent.
     */
    public static final String OVERDUE = "doorbell.reconciler.sweep.vmms.overdue";
    /** Counter: turns skipped because another reconciler (or call) was sweeping. */
    public static final String SKIPPED = "doorbell.reconciler.sweep.skipped";
    /**
     * Gauge: 1 while this reconciler holds the sweep lock (it is the one sweeping), 0 otherwise; summed over the
     * reconcilers it is never above 1, and it names the process an operator looks at when a sweep runs long.
     */
    public static final String HOLDING = "doorbell.reconciler.sweep.lock.held";

    private static final Logger LOG = LoggerFactory.getLogger(WatcherSweep.class);
    private static final String ON_EXPUNGED_SLEDS = """
            SELECT v.id, v.sled_id FROM vmm v JOIN sled s ON s.id = v.sled_id
            WHERE s.state = 'expunged' AND v.state NOT IN ('creating', %s)""".formatted(VmmState.terminalSqlValues());
    /** The {@code last_source} of a VMM the sweep marked failed. */
    static final String SOURCE = "watcher";
    /** How long {@link #close()} waits for a stopped sweep to roll back. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final ObservationApplier applier;
    private final Doorbell doorbell;
    private final SweepSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final SweepSleeper sleeper;
    /** How sleds are asked in bulk; {@code null}: none is, every VMM a sled may hold is rung (omicron's way). */
    private final SledStateCheck check;
    private final Timer duration;
    private final Timer waited;
    private final Counter rung;
    private final Counter confirmed;
    private final Counter skipped;
    private final MultiGauge overdueBySled;
    private final AtomicInteger holding = new AtomicInteger();
    /** Held by the sweep in progress: one at a time per instance, and {@link #close()} waits on it. */
    private final ReentrantLock sweeping = new ReentrantLock();
    private final Object scheduleLock = new Object();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    /**
     * A <b>comparing</b> sweep: asks sleds in bulk and rings only the VMMs they know something new of
     * (and every VMM of a sled that cannot be asked).
     *
     * @param clock   wall time, for what counts as overdue and for the observations of expunged sleds' VMMs
     * @param sleeper the pace of rings ({@link SweepSleeper#system()} in production); this sweep stops it on close
     * @param check   how sleds are asked ({@link SledStateCheck#over} in production)
     */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                        RandomGenerator random, SweepSleeper sleeper, SledStateCheck check) {
        this(dataSource, doorbell, settings, meters, clock, random, sleeper, Optional.of(Objects.requireNonNull(check, "check")));
    }

    /** A comparing sweep (see above) with real pacing, the system clock and default randomness. */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters,
                        SledStateCheck check) {
        this(dataSource, doorbell, settings, meters, Clock.systemUTC(), RandomGenerator.getDefault(), SweepSleeper.system(), check);
    }

    /**
     * A <b>ring-everything</b> sweep, omicron's way: no sled is asked, every VMM a sled may hold is
     * rung every period.
     *
     * @param clock   wall time, for what counts as overdue and for the observations of expunged sleds' VMMs
     * @param sleeper the pace of rings ({@link SweepSleeper#system()} in production); this sweep stops it on close
     */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                        RandomGenerator random, SweepSleeper sleeper) {
        this(dataSource, doorbell, settings, meters, clock, random, sleeper, Optional.empty());
    }

    /** A ring-everything sweep (see above) with real pacing. */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                        RandomGenerator random) {
        this(dataSource, doorbell, settings, meters, clock, random, SweepSleeper.system());
    }

    /** A ring-everything sweep (see above) with real pacing, the system clock and default randomness. */
    public WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters) {
        this(dataSource, doorbell, settings, meters, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    private WatcherSweep(DataSource dataSource, Doorbell doorbell, SweepSettings settings, MeterRegistry meters, Clock clock,
                         RandomGenerator random, SweepSleeper sleeper, Optional<SledStateCheck> check) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.applier = new ObservationApplier(dataSource);
        this.doorbell = Objects.requireNonNull(doorbell, "doorbell");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.check = check.orElse(null);
        this.duration = meters.timer(DURATION);
        this.waited = meters.timer(WAITED);
        this.rung = meters.counter(RUNG);
        this.confirmed = meters.counter(CONFIRMED);
        this.skipped = meters.counter(SKIPPED);
        meters.gauge(HOLDING, holding);
        this.overdueBySled = MultiGauge.builder(OVERDUE)
                .description("VMMs the last sweep could not confirm, last observed over two periods ago, by sled").register(meters);
    }

    /**
     * Sweeps now if no other reconciler (and no other call on this one) is sweeping: checks every
     * VMM a sled may hold once, rings those to ring, spread as the settings say, and returns when
     * done or stopped.
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
                SweepOutcome outcome;
                holding.set(1);
                try {
                    outcome = sweepLocked(c, began);
                } finally {
                    holding.set(0);
                }
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

    /** What the checking half of a sweep found: the VMMs to ring, in order, the counts, and the time its pace waited. */
    private record Found(List<UUID> rings, long confirmed, long overdue, Map<String, Long> overdueBySled, long waitedNanos) {}

    private SweepOutcome sweepLocked(Connection c, long began) throws SQLException {
        long marked = markExpunged(c); // first: it needs no ring, so no pace
        SledAsker asker = new SledAsker(check);
        Found found = check(c, asker);
        if (found == null) {
            return stopped(0, began);
        }
        List<UUID> rings = found.rings();
        SweepPacer pacer = new SweepPacer(SweepPace.of(rings.size(), settings.window(rings.size())), sleeper);
        long checkWaited = found.waitedNanos();
        long rungNow = 0;
        for (UUID vmm : rings) {
            if (!pacer.awaitTurn(rungNow) || closed) {
                return stopped(rungNow, began);
            }
            doorbell.ring(vmm);
            rung.increment();
            rungNow++;
        }
        overdueBySled.register(found.overdueBySled().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("sled", e.getKey()), e.getValue())).toList(), true);
        Duration took = Duration.ofNanos(sleeper.nanoTime() - began);
        Duration waitedFor = Duration.ofNanos(checkWaited + pacer.waitedNanos());
        duration.record(took);
        waited.record(waitedFor);
        LOG.atInfo().addKeyValue("rung", rungNow).addKeyValue("confirmed", found.confirmed()).addKeyValue("overdue", found.overdue())
                .addKeyValue("sledRequests", asker.requests()).addKeyValue("sledsNotAsked", asker.sledsGivenUp())
                .addKeyValue("ms", took.toMillis()).addKeyValue("waitedMs", waitedFor.toMillis()).log("watcher sweep done");
        return new SweepOutcome.Swept(rungNow, found.confirmed(), found.overdue(), marked, took, waitedFor);
    }

    /**
     * The checking half: reads the VMMs page by page, asks their sleds and compares, a page at a time at the pace of
     * {@link SweepSettings#checkWindow} (pages counted at the start; page {@code k} is read when due, as ring
     * {@code k} of a spread sweep is), so a large fleet's bulk requests do not all reach the sleds at once. Nothing is
     * rung yet, so the rings' pace can then spread exactly the rings this finds.
     *
     * @return what it found, or {@code null} if the sweep was closed or its thread interrupted
     */
    private Found check(Connection c, SledAsker asker) throws SQLException {
        Timestamp overdueBefore = Timestamp.from(clock.instant().minus(settings.overdueAfter()));
        List<UUID> rings = new ArrayList<>();
        long confirmedNow = 0;
        long overdueNow = 0;
        Map<String, Long> bySled = new TreeMap<>();
        try (SweepReads reads = new SweepReads(c, overdueBefore, settings.batchSize())) {
            long vmms = reads.count();
            long pages = (vmms + settings.batchSize() - 1) / settings.batchSize();
            SweepPacer pacer = new SweepPacer(SweepPace.of(pages, settings.checkWindow(vmms)), sleeper);
            for (long pageIndex = 0; !reads.exhausted(); pageIndex++) {
                // pages beyond the count (VMMs created since, or the empty read that ends a whole last page) at once
                boolean due = pageIndex >= pages || pacer.awaitTurn(pageIndex);
                if (!due || closed || Thread.currentThread().isInterrupted()) {
                    return null;
                }
                List<SweptVmm> page = reads.nextPage();
                if (page.isEmpty()) {
                    break;
                }
                SledAsker.Checked checked = asker.check(page, reads::migrations);
                for (SweptVmm vmm : checked.ring()) {
                    rings.add(vmm.id());
                }
                for (SweptVmm vmm : checked.unchecked()) {
                    if (SweepComparison.ringUnchecked(vmm)) {
                        rings.add(vmm.id());
                    }
                }
                confirmedNow += checked.confirmed().size();
                confirmed.increment(checked.confirmed().size());
                page.forEach(vmm -> bySled.putIfAbsent(sledTag(vmm), 0L));
                for (SweptVmm vmm : checked.ring()) {
                    overdueNow += countOverdue(vmm, bySled);
                }
                for (SweptVmm vmm : checked.unchecked()) {
                    overdueNow += countOverdue(vmm, bySled);
                }
            }
            return new Found(rings, confirmedNow, overdueNow, bySled, pacer.waitedNanos());
        }
    }

    private static long countOverdue(SweptVmm vmm, Map<String, Long> bySled) {
        if (!vmm.overdue()) {
            return 0;
        }
        bySled.merge(sledTag(vmm), 1L, Long::sum);
        return 1;
    }

    private static String sledTag(SweptVmm vmm) {
        return vmm.sled() == null ? "unregistered" : vmm.sled().id().toString();
    }

    private SweepOutcome.Stopped stopped(long rungNow, long began) {
        LOG.atInfo().addKeyValue("rung", rungNow).log("watcher sweep stopped");
        return new SweepOutcome.Stopped(rungNow, Duration.ofNanos(sleeper.nanoTime() - began));
    }

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
            } catch (RejectedExecutionException e) {
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
