package dev.doorbell.bench.scale;

import dev.doorbell.bench.latency.JitSettle;
import dev.doorbell.bench.latency.LeadIn;
import dev.doorbell.bench.latency.ModeRotation;
import dev.doorbell.bench.latency.ModeWarmUp;
import dev.doorbell.bench.latency.WarmupPlan;
import dev.doorbell.bench.report.ChartFile;
import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.Plots;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.report.Table;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.PathWaits;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.Progress;
import dev.doorbell.bench.stack.SweepSplit;
import dev.doorbell.reconciler.sweep.SweepSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/**
 * {@code doorbell bench scale}: the doorbell pipeline holding ever more VMMs, with the watcher's
 * sweeps on. For each fleet size: a background window without changes (sled GETs and fetches per
 * second caused by sweeps, sweep duration, CPU at rest), the fetcher's store sizes, the JVM heap
 * after a full collection, and the highest sustained state-change rate whose ring-to-applied p99
 * stays within the limit, found by a short step search (doubling from a start rate, then halving
 * the interval between the last rate that passed and the first that failed), once per delivery mode
 * (by default {@code doorbell} and {@code direct-upcall}, so the doorbell's ceiling can be held against
 * the direct upcall's in the same run), the mode order rotated per fleet size ({@link ModeRotation}).
 */
public final class ScaleBench {

    /**
     * @param vmmCounts    fleet sizes, ascending
     * @param sleds        simulated sleds
     * @param sweepPeriod  the watcher sweep's period throughout
     * @param background   length of each background window
     * @param step         length of each step of the rate search
     * @param startRate    first rate tried
     * @param maxRate      highest rate tried
     * @param p99LimitMs   a step passes if its p99 is at most this, every change was applied and the rate was offered
     * @param refineSteps  bisection steps after the doubling
     * @param pollInterval how often the database is polled
     * @param modes        modes whose highest sustained rate is searched at every fleet size, in order (rotated per size), no repeats
     * @param sweepCheckSpread share of the period a sweep's check is paced over ({@link SweepSettings#checkSpread()})
     * @param leadIn       the lead-in before each mode's search at each fleet size, at the start rate; empty: none
     * @param leadInEachStep whether the lead-in runs before every step of a search, at that step's rate, instead of once
     *                     before the search: every step is then measured after the JIT has settled under its own load, as
     *                     the latency bench's phases are
     */
    public record Options(List<Integer> vmmCounts, int sleds, Duration sweepPeriod, Duration background, Duration step, int startRate,
                          int maxRate, double p99LimitMs, int refineSteps, Duration pollInterval, List<DeliveryMode> modes,
                          double sweepCheckSpread, Optional<LeadIn> leadIn, boolean leadInEachStep, PathWaits waits) {

        /** The modes searched unless told otherwise: the doorbell and the direct upcall it is held against. */
        public static final List<DeliveryMode> DEFAULT_MODES = List.of(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL);

        public Options {
            vmmCounts = vmmCounts.stream().sorted().toList();
            modes = List.copyOf(modes);
            if (vmmCounts.isEmpty() || vmmCounts.getFirst() < 1 || sleds < 1 || startRate < 1 || maxRate < startRate
                    || refineSteps < 0 || p99LimitMs <= 0) {
                throw new IllegalArgumentException("VMM counts, sleds and rates must be positive, max rate >= start rate");
            }
            if (modes.isEmpty() || new HashSet<>(modes).size() != modes.size()) {
                throw new IllegalArgumentException("modes must be non-empty and without repeats: " + modes);
            }
            Objects.requireNonNull(leadIn, "leadIn");
            Objects.requireNonNull(waits, "waits");
        }


        /** Options with the lead-in once before each search and the shipped waits on the doorbell's path. */
        public Options(List<Integer> vmmCounts, int sleds, Duration sweepPeriod, Duration background, Duration step, int startRate,
                       int maxRate, double p99LimitMs, int refineSteps, Duration pollInterval, List<DeliveryMode> modes,
                       double sweepCheckSpread, Optional<LeadIn> leadIn) {
            this(vmmCounts, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps, pollInterval, modes,
                    sweepCheckSpread, leadIn, false, PathWaits.SHIPPED);
        }

        /** Options with the {@link LeadIn#DEFAULT} lead-in. */
        public Options(List<Integer> vmmCounts, int sleds, Duration sweepPeriod, Duration background, Duration step, int startRate,
                       int maxRate, double p99LimitMs, int refineSteps, Duration pollInterval, List<DeliveryMode> modes,
                       double sweepCheckSpread) {
            this(vmmCounts, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps, pollInterval, modes,
                    sweepCheckSpread, Optional.of(LeadIn.DEFAULT));
        }

        /** @return these options with {@code lead} as the lead-in */
        public Options withLeadIn(Optional<LeadIn> lead) {
            return new Options(vmmCounts, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps, pollInterval,
                    modes, sweepCheckSpread, lead, leadInEachStep, waits);
        }

        /** @return these options with the lead-in before every step of a search ({@code true}) or once before it */
        public Options withLeadInEachStep(boolean value) {
            return new Options(vmmCounts, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps, pollInterval,
                    modes, sweepCheckSpread, leadIn, value, waits);
        }

        /** @return these options with {@code value} as the doorbell path's waits (and applying ahead or not) */
        public Options withWaits(PathWaits value) {
            return new Options(vmmCounts, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps, pollInterval,
                    modes, sweepCheckSpread, leadIn, leadInEachStep, value);
        }

        /** @return the mode whose figures the fleet-size table gives beyond its ceiling: doorbell if searched, else the first mode */
        public DeliveryMode reference() {
            return modes.contains(DeliveryMode.DOORBELL) ? DeliveryMode.DOORBELL : modes.getFirst();
        }

        /** The sizes: 1,000, 10,000 and 100,000 VMMs, 30 s sweeps, a 60 s background window, 10 s steps. */
        public static Options full() {
            return new Options(List.of(1_000, 10_000, 100_000), 4, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10),
                    250, 16_000, 100, 2, Duration.ofMillis(5), DEFAULT_MODES, SweepSettings.DEFAULT_CHECK_SPREAD);
        }

        /** A quick run: 1,000 and 5,000 VMMs, 5 s sweeps, a 10 s window, 3 s steps. */
        public static Options small() {
            return new Options(List.of(1_000, 5_000), 4, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3),
                    250, 8_000, 100, 1, Duration.ofMillis(5), DEFAULT_MODES, SweepSettings.DEFAULT_CHECK_SPREAD);
        }
    }

    private static final String SWEEP_RATIO = "p99 during / outside sweeps";

    private final Options options;
    private final Progress progress;

    public ScaleBench(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    public ScenarioReport run(BenchServers servers) throws Exception {
        BenchStack.Options stackOptions = BenchStack.Options.of(options.sleds()).withPollInterval(options.pollInterval()).withWaits(options.waits())
                .withNotifyingSweep(SweepSettings.defaults().withPeriod(options.sweepPeriod())
                        .withCheckSpread(options.sweepCheckSpread()));
        try (BenchStack stack = BenchStack.start(servers, stackOptions, progress)) {
            ChangeDriver driver = new ChangeDriver(stack, progress);
            stack.use(DeliveryMode.DOORBELL);
            stack.meter().watchSweeps();
            ModeRotation rotation = new ModeRotation(options.modes());
            DeliveryMode reference = options.reference();
            Map<String, List<String>> order = new LinkedHashMap<>();
            List<PhaseResult> phases = new ArrayList<>();
            List<ScaleStep> steps = new ArrayList<>();
            for (int size = 0; size < options.vmmCounts().size(); size++) {
                int vmms = options.vmmCounts().get(size);
                stack.grow(vmms);
                if (size == 0) {
                    warmUp(stack, driver, vmms);
                }
                stack.use(DeliveryMode.DOORBELL); // the background window is the doorbell's, whatever mode searched last
                progress.line(String.format(Locale.ROOT, "%,d VMMs: background window of %.1f s (sweeps every %.1f s) ...", vmms,
                        options.background().toMillis() / 1000.0, options.sweepPeriod().toMillis() / 1000.0));
                PhaseCost background = stack.meter().idle(options.background());
                var stores = stack.storeSizes();
                long heap = stack.meter().heapUsedAfterGc();
                List<DeliveryMode> modes = rotation.forRate(size);
                order.put(vmms + " VMMs", modes.stream().map(DeliveryMode::wireName).toList());
                Map<DeliveryMode, PhaseResult> best = new LinkedHashMap<>();
                for (DeliveryMode mode : modes) {
                    stack.use(mode);
                    Optional<JitSettle.Outcome> lead = options.leadInEachStep() ? Optional.empty()
                            : leadIn(stack, driver, mode, vmms, options.startRate());
                    List<PhaseResult> search = search(stack, driver, mode, vmms);
                    if (lead.isPresent()) {
                        search.set(0, search.getFirst().withExtra(LeadIn.figures(lead.get())));
                    }
                    phases.addAll(search);
                    best.put(mode, best(search));
                }
                Map<DeliveryMode, Integer> ceilings = new LinkedHashMap<>();
                options.modes().forEach(m -> ceilings.put(m, best.get(m) == null ? 0 : (int) best.get(m).rate()));
                PhaseResult atMax = best.get(reference);
                int max = ceilings.get(reference);
                ScaleStep step = new ScaleStep(vmms, background, stores, heap, max, max >= options.maxRate(),
                        atMax == null ? Double.NaN : atMax.cpuTotalPerChange(),
                        atMax == null ? Double.NaN : (double) atMax.extra().get(SWEEP_RATIO), ceilings);
                steps.add(step);
                progress.line(String.format(Locale.ROOT, "%,d VMMs: %.1f sled requests/s and %.1f fetches/s at rest, sweep %.0f ms, "
                                + "heap %.0f MB, highest sustained changes/s: %s", vmms, step.backgroundSledRequestsPerSecond(),
                        step.backgroundFetchesPerSecond(), step.meanSweepMillis(), heap / 1e6, describe(ceilings)));
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("vmm_counts", options.vmmCounts());
            settings.put("sweep_period_ms", options.sweepPeriod().toMillis());
            settings.put("sweep_check_spread", options.sweepCheckSpread());
            settings.put("background_window_s", options.background().toSeconds());
            settings.put("search_step_s", options.step().toMillis() / 1000.0);
            settings.put("search_start_rate", options.startRate());
            settings.put("search_max_rate", options.maxRate());
            settings.put("p99_limit_ms", options.p99LimitMs());
            settings.put("refine_steps", options.refineSteps());
            settings.put("warmup", warmupPlan().describe() + " per mode, untimed and unreported, before the first fleet size's "
                    + "background window, modes in the order " + options.modes().stream().map(DeliveryMode::wireName).toList());
            settings.put("lead_in", options.leadIn()
                    .map(l -> l.describe(options.leadInEachStep() ? "before every step of each search, that mode at the step's rate"
                            : "before each mode's search at each fleet size, that mode at the search's start rate"))
                    .orElse("none"));
            settings.put("modes", options.modes().stream().map(DeliveryMode::wireName).toList());
            settings.put("mode_order", order);
            settings.put("mode_order_rule", "the given order rotated left by one place per fleet size (deterministic, no seed)");
            settings.put("table_reference_mode", reference.wireName());
            settings.putAll(stack.settings());
            return new ScenarioReport("scale", intro(), settings, phases, null, List.of(table(steps)),
                    List.of(new ChartFile("cost-vs-vmms", "cost versus VMM count", charts(steps), 3)));
        }
    }

    private static PhaseResult best(List<PhaseResult> search) {
        return search.stream().filter(p -> Boolean.TRUE.equals(p.extra().get("passed")))
                .max((a, b) -> Double.compare(a.rate(), b.rate())).orElse(null);
    }

    private static String describe(Map<DeliveryMode, Integer> ceilings) {
        List<String> parts = new ArrayList<>();
        ceilings.forEach((mode, rate) -> parts.add(String.format(Locale.ROOT, "%s %,d", mode.wireName(), rate)));
        return String.join(", ", parts);
    }

    /**
     * Untimed churn in every mode at the search's first rates (two steps' time per mode), so the first
     * mode searched does not carry the JVM's JIT warm-up in its first steps.
     */
    private WarmupPlan warmupPlan() {
        int start = options.startRate();
        return new WarmupPlan(List.of(start, Math.min(2 * start, options.maxRate()), Math.min(4 * start, options.maxRate())),
                options.step().multipliedBy(2));
    }

    private void warmUp(BenchStack stack, ChangeDriver driver, int vmms) throws Exception {
        ModeWarmUp.run(stack, driver, options.modes(), warmupPlan(), vmms, mode -> drainTimeout());
    }

    /**
     * The lead-in before one mode's search ({@link LeadIn}): the mode at the search's start rate until the JIT
     * has settled under it; without it the second mode searched started with the compilations the first mode's search
     * had made stale. With {@link Options#leadInEachStep()} it runs before every step instead, at that step's rate:
     * a step that doubles the rate is otherwise the first at its load and compiles in its measured time (at 2,000
     * changes/s 0.16-0.18 ms per change, against 0.01-0.02 in the steps after it).
     */
    private Optional<JitSettle.Outcome> leadIn(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int vmms, int rate)
            throws Exception {
        if (options.leadIn().isEmpty()) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(vmms * 17L + mode.ordinal() + 31L * rate);
        JitSettle.Outcome outcome = options.leadIn().get().run(stack, driver, mode, rate, () -> random.nextInt(vmms), drainTimeout());
        progress.line(String.format(Locale.ROOT, "lead-in %s at %,d VMMs, %,d/s: %.1f s, %s", mode.wireName(), vmms, rate,
                outcome.waited().toMillis() / 1000.0, outcome instanceof JitSettle.Outcome.Settled ? "JIT settled" : "timed out"));
        return Optional.of(outcome);
    }

    /** How long a phase waits for its changes to be applied after it stopped changing. */
    private Duration drainTimeout() {
        return Duration.ofSeconds(Math.max(30, options.step().toSeconds() * 3));
    }

    /** The step search at one fleet size in one mode. */
    private List<PhaseResult> search(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int vmms) throws Exception {
        List<PhaseResult> tried = new ArrayList<>();
        int lastPass = 0;
        int firstFail = Integer.MAX_VALUE;
        for (int rate = options.startRate(); rate <= options.maxRate(); rate *= 2) {
            PhaseResult p = step(stack, driver, mode, vmms, rate);
            tried.add(p);
            if (!Boolean.TRUE.equals(p.extra().get("passed"))) {
                firstFail = rate;
                break;
            }
            lastPass = rate;
        }
        for (int i = 0; i < options.refineSteps() && firstFail != Integer.MAX_VALUE; i++) {
            int mid = (lastPass + firstFail) / 2;
            if (firstFail - lastPass <= Math.max(10, firstFail / 20)) {
                break;
            }
            PhaseResult p = step(stack, driver, mode, vmms, mid);
            tried.add(p);
            if (Boolean.TRUE.equals(p.extra().get("passed"))) {
                lastPass = mid;
            } else {
                firstFail = mid;
            }
        }
        return tried;
    }

    /** One step of a search: its lead-in first if every step has one, then the measured phase. */
    private PhaseResult step(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int vmms, int rate) throws Exception {
        Optional<JitSettle.Outcome> lead = options.leadInEachStep() ? leadIn(stack, driver, mode, vmms, rate) : Optional.empty();
        PhaseResult p = phase(stack, driver, mode, vmms, rate);
        return lead.map(l -> p.withExtra(LeadIn.figures(l))).orElse(p);
    }

    private PhaseResult phase(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int vmms, int rate) throws Exception {
        SplittableRandom random = new SplittableRandom(vmms * 131L + rate);
        BitSet touched = new BitSet();
        String label = String.format(Locale.ROOT, "%,d VMMs %,d/s", vmms, rate);
        BenchStack.Measured m = stack.measure(() -> driver.steady(mode, rate, options.step(), () -> {
            int index = random.nextInt(vmms);
            touched.set(index);
            return index;
        }, i -> 0, "scale " + mode.wireName() + " " + label), drainTimeout());
        List<Integer> checked = touched.stream().boxed().toList();
        long mismatches = stack.meter().finalState().mismatches(checked);
        double p99 = PhaseResult.quantile(m.samples().sortedMillis(), 0.99);
        boolean offered = m.made() >= 0.95 * rate * options.step().toNanos() / 1e9;
        boolean passed = offered && m.notSeen() == 0 && p99 <= options.p99LimitMs();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("vmms", vmms);
        extra.put("passed", passed);
        SweepSplit split = SweepSplit.of(m.samples(), stack.meter().sweepWindows());
        double p99During = PhaseResult.quantile(split.during(), 0.99);
        double p99Outside = PhaseResult.quantile(split.outside(), 0.99);
        extra.put("changes during sweeps", (long) split.during().length);
        extra.put("p99 during sweeps ms", p99During);
        extra.put("p99 outside sweeps ms", p99Outside);
        extra.put(SWEEP_RATIO, p99Outside > 0 ? p99During / p99Outside : Double.NaN);
        PhaseResult result = new PhaseResult(mode, label, rate, m.made(), m.samples(), m.notSeen(), checked.size(),
                mismatches, m.cost(), m.startEpochMs(), extra, m.stageLatency());
        progress.line(String.format(Locale.ROOT, "scale %s %s: p99 %.1f ms, %d not seen -> %s", mode.wireName(), label, p99, m.notSeen(),
                passed ? "passed" : "failed"));
        return result;
    }

    private Table table(List<ScaleStep> steps) {
        DeliveryMode reference = options.reference();
        List<DeliveryMode> others = options.modes().stream().filter(m -> m != reference).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (ScaleStep s : steps) {
            List<Object> row = new ArrayList<>(Arrays.asList(s.vmms(), s.backgroundSledRequestsPerSecond(), s.backgroundFetchesPerSecond(),
                    s.background().counters().sweeps(), s.meanSweepMillis(), s.backgroundCpuMillisPerSecond(),
                    s.stores().pendingStoreOnDiskBytes() / 1e6, s.stores().pendingChangelogBytes() / 1e6,
                    s.stores().placementsTopicBytes() / 1e6, s.heapAfterGcBytes() / 1e6));
            for (DeliveryMode mode : options.modes()) {
                int rate = s.maxSustainedRate(mode);
                row.add((rate >= options.maxRate() ? ">= " : "") + rate);
            }
            for (DeliveryMode other : others) {
                int theirs = s.maxSustainedRate(other);
                row.add(theirs == 0 ? Double.NaN : (double) s.maxSustainedRate(reference) / theirs);
            }
            row.add(s.cpuMsPerChangeAtMax());
            row.add(s.sweepP99RatioAtMax());
            rows.add(row);
        }
        List<String> columns = new ArrayList<>(List.of("VMMs", "background sled requests/s", "background fetches/s", "sweeps in window",
                "sweep ms (mean)", "background CPU ms/s", "pending store on disk MB", "pending changelog MB",
                "placements topic MB (held in memory)", "bench JVM heap after GC MB"));
        for (DeliveryMode mode : options.modes()) {
            columns.add(ceilingColumn(mode));
        }
        for (DeliveryMode other : others) {
            columns.add("highest sustained, " + reference.wireName() + " / " + other.wireName());
        }
        columns.add("CPU ms / change at max, " + reference.wireName());
        columns.add("p99 during / outside sweeps at max, " + reference.wireName());
        return new Table("fleet_sizes", "Cost versus VMM count (background: sweeps on, no changes; highest sustained changes/s "
                + "with p99 <= " + options.p99LimitMs() + " ms, per mode)", columns, rows);
    }

    /** @return the fleet-size table's column (and results.json's key) holding {@code mode}'s highest sustained rate */
    public static String ceilingColumn(DeliveryMode mode) {
        return "highest sustained, " + mode.wireName();
    }

    private List<XYChart> charts(List<ScaleStep> steps) {
        double[] x = steps.stream().mapToDouble(ScaleStep::vmms).toArray();
        List<XYChart> charts = new ArrayList<>();
        charts.add(Plots.lines("background load from sweeps", "VMMs", "per second", true,
                List.of("sled requests/s", "VMM fetches/s"), List.of(x, x),
                List.of(col(steps, ScaleStep::backgroundSledRequestsPerSecond), col(steps, ScaleStep::backgroundFetchesPerSecond))));
        charts.add(Plots.lines("sweep duration (comparing with every sled, ringing what differs)", "VMMs", "ms", true, List.of("mean sweep"), List.of(x),
                List.of(col(steps, ScaleStep::meanSweepMillis))));
        List<String> names = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Component c : List.of(Component.BROKER, Component.DATABASE, Component.RECONCILER, Component.FETCHER, Component.SLEDS)) {
            names.add(c.wireName());
            ys.add(col(steps, s -> s.background().cpu().millis(c) / s.seconds()));
        }
        names.add("all");
        ys.add(col(steps, ScaleStep::backgroundCpuMillisPerSecond));
        charts.add(Plots.lines("CPU at rest, by component", "VMMs", "CPU ms per second", true, names,
                Collections.nCopies(names.size(), x), ys));
        charts.add(Plots.lines("memory", "VMMs", "MB", true,
                List.of("bench JVM heap after GC", "pending changelog", "placements topic", "pending store on disk"), List.of(x, x, x, x),
                List.of(col(steps, s -> s.heapAfterGcBytes() / 1e6), col(steps, s -> s.stores().pendingChangelogBytes() / 1e6),
                        col(steps, s -> s.stores().placementsTopicBytes() / 1e6), col(steps, s -> s.stores().pendingStoreOnDiskBytes() / 1e6))));
        charts.add(Plots.lines("highest sustained rate", "VMMs", "changes/s", true,
                options.modes().stream().map(DeliveryMode::wireName).toList(), Collections.nCopies(options.modes().size(), x),
                options.modes().stream().map(m -> col(steps, s -> s.maxSustainedRate(m))).toList()));
        charts.add(Plots.lines("CPU per change at " + options.reference().wireName() + "'s highest sustained rate", "VMMs",
                "CPU ms / change", true, List.of("all components"), List.of(x), List.of(col(steps, ScaleStep::cpuMsPerChangeAtMax))));
        return charts;
    }

    private static double[] col(List<ScaleStep> steps, ToDoubleFunction<ScaleStep> f) {
        return steps.stream().mapToDouble(s -> {
            double v = f.applyAsDouble(s);
            return Double.isNaN(v) ? 0 : v;
        }).toArray();
    }

    private String intro() {
        String modes = String.join(", ", options.modes().stream().map(m -> "`" + m.wireName() + "`").toList());
        return String.format(Locale.ROOT, """
                The doorbell pipeline holding ever more VMMs with the watcher's sweeps on (every %.1f s in every notifying mode). At \
                each fleet size, in `doorbell` mode: a background window with no changes gives the sled requests and fetches \
                per second the sweeps cause, the sweep's duration (the reconciler asking each sled for its VMMs' states in bulk and ringing those that differ) and the CPU \
                at rest; then the fetcher's store sizes and the heap. Then, for each of the modes %s (the order rotated left by \
                one place per fleet size, so no mode always searches first), the highest sustained rate: steps of %.1f s in \
                that mode, doubling from %d changes/s up to at most %d, then %d bisection step(s); a step passes if every \
                change is seen applied, the rate was offered and the ring-to-applied p99 is at most %.0f ms. The fleet-size \
                table gives each mode's highest sustained rate ("≥" when the search passed its highest rate), the ratio of \
                `%s`'s to each other mode's, and the CPU per change and sweep ratio at `%s`'s. Each step's latencies are also \
                split by sweep: a change made while a sweep was loading the pipeline (from the sweep's start until it ended \
                and the fetcher had consumed as many rings as it rang, watched every 20 ms) counts as during, the rest as \
                outside; the results give both p99s and their ratio (a step of %.1f s may hold no sweep, with sweeps every \
                %.1f s: then "during" is empty and the ratio –). The fetcher, reconciler, gateway and sleds share one JVM, so \
                their heaps cannot be told apart: the heap figure is the whole bench JVM's.""", options.sweepPeriod().toMillis() / 1000.0,
                modes, options.step().toMillis() / 1000.0, options.startRate(), options.maxRate(), options.refineSteps(),
                options.p99LimitMs(), options.reference().wireName(), options.reference().wireName(),
                options.step().toMillis() / 1000.0, options.sweepPeriod().toMillis() / 1000.0);
    }
}
