package dev.doorbell.bench.stack;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.model.Resources;
import dev.doorbell.reconciler.audit.Audit;
import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.AuditSettings;
import dev.doorbell.reconciler.audit.FleetView;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The measuring half of the {@link BenchStack}: what the stack spent ({@link #snapshot}: CPU per
 * component, Kafka traffic, the pipeline's counters), when changes reached the database (the
 * {@link ApplyPoller}; and the fetcher's and the reconciler's own latency histograms, {@link StageLatency}), what reached
 * {@code vmm.states} ({@link ObservationTally}), whether the database equals the sleds, and when sweeps load the
 * pipeline ({@link SweepWindows}). It reads the
 * stack and never changes it; the stack wires and drives.
 */
public final class StackMeter {

    private static final long SWEEP_WATCH_MS = 20;
    /** How often the sweep watch searches the registries again for the meters it reads (a search walks every meter). */
    private static final Duration SWEEP_WATCH_LOOKUP_REFRESH = Duration.ofSeconds(1);
    private static final Duration SLED_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What the meter reads.
     *
     * @param pipeline    the assembled pipeline (the fetcher's and reconciler's meters)
     * @param fleet       the simulated sleds (requests answered, states now)
     * @param cpu         CPU per component
     * @param poller      sees changes land in the database
     * @param tally       counts observations per VMM, if the stack runs it
     * @param database    tells which VMMs have a row
     * @param clientRoles tells the Kafka clients' roles apart
     * @param threads     the components' thread groups
     * @param progress    where the meter reports
     */
    record Parts(Pipeline pipeline, Fleet fleet, CpuMeter cpu, ApplyPoller poller, Optional<ObservationTally> tally, DatabaseView database,
                 KafkaClientRoles clientRoles, ComponentThreads threads, Progress progress) {}

    private final Parts parts;
    private final Resources owned;
    private final KafkaTraffic kafkaTraffic = new KafkaTraffic();
    private volatile PipelineCounters retiredSweeps = PipelineCounters.ZERO;
    private SweepWindows sweepWindows;

    /** @param owned where the meter's own threads are owned, closed with the stack */
    StackMeter(Parts parts, Resources owned) {
        this.parts = parts;
        this.owned = owned;
    }

    /** Registers one change, by its VMM and generation, to be seen applied; {@code tag} groups it in the results. */
    void expect(Fleet.Change change, int tag) {
        parts.poller().expect(change.vmm(), change.state().vmmState().gen(), change.state().vmmState().timeUpdated(), tag);
    }

    /** Keeps the sweeps of a reconciler about to be replaced, so the sweep counters never go back. */
    void reconcilerRetiring() {
        retiredSweeps = sweepCounters();
    }

    private PipelineCounters sweepCounters() {
        return sweepCounters(MeterLookup.SEARCH);
    }

    private PipelineCounters sweepCounters(MeterLookup lookup) {
        return retiredSweeps.plusSweeps(PipelineCounters.sweepsOf(parts.pipeline().reconciler().meters(), lookup));
    }

    /** Waits until every registered change is seen applied; @return whether they all were within {@code timeout} */
    public boolean awaitApplied(Duration timeout) throws SQLException {
        ApplyPoller poller = parts.poller();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (poller.pendingCount() > 0 && System.nanoTime() < deadline) {
            if (poller.failure() != null) {
                throw poller.failure();
            }
            LockSupport.parkNanos(20_000_000);
        }
        return poller.pendingCount() == 0;
    }

    /** @return changes registered and not yet seen applied */
    public long pendingCount() {
        return parts.poller().pendingCount();
    }

    /** Forgets the changes registered and not seen applied, and the latencies sampled so far. */
    void forgetPending() {
        parts.poller().forgetPending();
        parts.poller().drainSamples();
    }

    /** Starts a measured stretch: drops older latency samples. @return the stack's counters now */
    StackSnapshot begin() {
        parts.poller().drainSamples();
        return snapshot();
    }

    /**
     * Ends a measured stretch begun at {@code start} in which {@code made} changes were made and
     * delivered: waits up to {@code drainTimeout} for every change to be applied and then for the
     * fetcher to fall quiet; changes not applied by then are counted and forgotten.
     */
    BenchStack.Measured end(StackSnapshot start, long startEpochMs, long made, Duration drainTimeout, Duration refetchInterval)
            throws SQLException {
        awaitApplied(drainTimeout);
        awaitFetcherQuiet(Duration.ofSeconds(5), refetchInterval);
        Map<Integer, Long> notSeenByTag = parts.poller().pendingByTag();
        parts.poller().forgetPending();
        StackSnapshot end = snapshot();
        long notSeen = notSeenByTag.values().stream().mapToLong(Long::longValue).sum();
        return new BenchStack.Measured(made, startEpochMs, parts.poller().drainSamples(), notSeen, notSeenByTag,
                PhaseCost.between(start, end, parts.clientRoles()), StageLatency.between(start.commitLatency(), end.commitLatency()));
    }

    /**
     * Waits (at most {@code timeout}) until the fetcher has consumed no ring and started no fetch for
     * a few re-fetch intervals: a change can be applied while the re-fetch its later rings caused is
     * still due, and that fetch belongs to the phase that caused it.
     */
    private void awaitFetcherQuiet(Duration timeout, Duration refetchInterval) {
        long quietNanos = Math.max(300_000_000L, refetchInterval.toNanos() * 3);
        long deadline = System.nanoTime() + timeout.toNanos();
        PipelineCounters last = fetcherCounters();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quietNanos) {
            LockSupport.parkNanos(50_000_000);
            PipelineCounters now = fetcherCounters();
            if (now.fetches() != last.fetches() || now.ringsConsumed() != last.ringsConsumed()
                    || now.observations() != last.observations()) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    private PipelineCounters fetcherCounters() {
        return PipelineCounters.of(parts.pipeline().fetcher().meters(), SledRequests.NONE, PipelineCounters.ZERO);
    }

    /** Measures {@code length} with nothing to do: the stack's cost at rest (sweeps included, if on). */
    public PhaseCost idle(Duration length) {
        Progress progress = parts.progress();
        StackSnapshot start = snapshot();
        long end = start.nanoTime() + length.toNanos();
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            long elapsed = now - start.nanoTime();
            progress.inline(String.format(Locale.ROOT, "at rest %s %.0f/%.0f s", Progress.bar(elapsed, length.toNanos()),
                    elapsed / 1e9, length.toNanos() / 1e9));
            LockSupport.parkNanos(Math.min(1_000_000_000L, end - now));
        }
        PhaseCost cost = PhaseCost.between(start, snapshot(), parts.clientRoles());
        progress.line(String.format(Locale.ROOT, "at rest: %.0f CPU ms/s over %.1f s", cost.cpu().totalMillis()
                / (cost.wall().toNanos() / 1e9), cost.wall().toNanos() / 1e9));
        return cost;
    }

    /** @return CPU times and counters now */
    public StackSnapshot snapshot() {
        PipelineCounters counters = PipelineCounters.of(parts.pipeline().fetcher().meters(), parts.fleet().requests(s -> true),
                sweepCounters());
        CpuTimes cpuNow = parts.cpu().read();
        return new StackSnapshot(System.nanoTime(), cpuNow, counters, JvmWork.now(), parts.cpu().threads(), kafkaTraffic.read(),
                StageBuckets.of(parts.pipeline().fetcher().meters(), parts.pipeline().reconciler().meters()), Scheduling.now());
    }

    /** @return state requests answered so far by the sleds {@code sledFilter} accepts */
    public SledRequests sledRequests(IntPredicate sledFilter) {
        return parts.fleet().requests(sledFilter);
    }

    /** Starts counting observations per VMM afresh. */
    public void resetTally() {
        tallyRun().reset();
    }

    /** @return observations per VMM since {@link #resetTally()} */
    public Map<UUID, Long> tally() {
        return tallyRun().counts();
    }

    /** Waits until the tally has seen at least {@code observations} since its reset. @return whether it has */
    public boolean awaitTally(long observations, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ObservationTally tally = tallyRun();
        while (tally.total() < observations && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        return tally.total() >= observations;
    }

    private ObservationTally tallyRun() {
        return parts.tally().orElseThrow(() -> new IllegalStateException(
                "this stack counts no observations: start it with BenchStack.Options.withObservationTally()"));
    }

    /**
     * Audits the database against every sled once, as {@code doorbell audit}, the demo and the chaos suite do: the
     * reconciler's read API against each registered sled's own answer ({@link FinalState}). Call it after a phase's
     * drain; its requests to the sleds come after the phase's figures were taken.
     *
     * @throws SQLException if the rows cannot be read
     */
    public FinalState finalState() throws SQLException {
        Fleet fleet = parts.fleet();
        AuditReport report;
        try (ReadApiClient reads = new ReadApiClient(URI.create(parts.pipeline().reconciler().baseUrl()))) {
            report = new Audit(FleetView.over(reads), SledStateCheck.overAnyVersion(new SledAgentClient(SLED_TIMEOUT, SLED_TIMEOUT)),
                    Clock.systemUTC(), AuditSettings.DEFAULTS.withGrace(Duration.ZERO)).run();
        }
        int size = fleet.size();
        List<UUID> vmms = IntStream.range(0, size).mapToObj(fleet::vmm).toList();
        Set<UUID> rows = parts.database().withRow(vmms);
        if (report.checked() + report.unchecked() < rows.size()) {
            parts.progress().line(String.format(Locale.ROOT, "warning: the audit saw %,d of the %,d VMMs with a row (the rest placed on "
                    + "no registered sled): those it did not see count as right", report.checked() + report.unchecked(), rows.size()));
        }
        return FinalState.of(report, rows, size, fleet::vmm, i -> fleet.sledId(fleet.sledOf(i)));
    }

    /** @return this JVM's heap in use right after a full collection (fetcher, reconciler, gateway, sleds and bench together) */
    public long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Starts watching when the reconciler's sweeps load the pipeline ({@link SweepWindows}, sampled every
     * {@value #SWEEP_WATCH_MS} ms on a bench thread) unless already watching. Call it on a {@link Component#BENCH} thread's behalf.
     */
    public synchronized void watchSweeps() {
        if (sweepWindows != null) {
            return;
        }
        SweepWindows windows = new SweepWindows();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                parts.threads().factory(Component.BENCH, "bench-sweep-watch"));
        MeterLookup meters = MeterLookup.cached(SWEEP_WATCH_LOOKUP_REFRESH, System::nanoTime);
        // a reconciler restart (a change of sweep settings) while watching may show as a spurious window
        timer.scheduleAtFixedRate(() -> {
            try {
                PipelineCounters c = sweepCounters(meters);
                windows.observe(new SweepWindows.Sample(System.currentTimeMillis(), c.sweepRings(), c.sweeps(), c.sweepNanos(),
                        PipelineCounters.ringsConsumed(parts.pipeline().fetcher().meters(), meters)));
            } catch (RuntimeException e) {
                parts.progress().line("warning: sweep watch: " + e);
            }
        }, 0, SWEEP_WATCH_MS, TimeUnit.MILLISECONDS);
        owned.onClose(timer::shutdownNow);
        sweepWindows = windows;
    }

    /** @return the sweep windows seen since {@link #watchSweeps()} (none before it) */
    public synchronized List<SweepWindows.Window> sweepWindows() {
        return sweepWindows == null ? List.of() : sweepWindows.windows();
    }
}
