package dev.doorbell.bench.latency;

import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.report.Table;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import dev.doorbell.bench.stack.PathWaits;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.Progress;
import dev.doorbell.fetcher.FetcherConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code doorbell bench latency}: steady churn at each rate in each mode on one {@link BenchStack},
 * measuring each change from its {@code time_updated} to the reconciler's database holding its
 * generation, with the CPU and the fetches and sled GETs it cost. Made fair between modes: every VMM
 * is first brought into the database, then every mode is warmed up (untimed, unreported) so no
 * measured phase carries the JVM's JIT warm-up; the stack's cost at rest is measured once the JIT has
 * settled ({@link JitSettle}); and the mode order is rotated per rate ({@link ModeRotation}) so no
 * mode always runs first; and each measured phase follows a lead-in of its own mode at its own rate that
 * lasts until the JIT has settled under that load ({@link LeadIn}). The report states the order, the
 * warm-up, the settle wait and each phase's lead-in.
 */
public final class LatencyBench {

    /**
     * @param rates        state changes per second, each run in every mode
     * @param vmms         VMMs across all sleds
     * @param sleds        simulated sleds
     * @param phase        measured time per (mode, rate)
     * @param sweepPeriod  the watcher sweep's period in {@code watcher-only} mode
     * @param modes        modes to run, in order
     * @param pollInterval how often the database is polled
     * @param warmup       untimed churn per mode, split over every rate ({@link WarmupPlan}), before anything is measured (zero: none)
     * @param idle         how long the stack's cost at rest is measured
     * @param settle       when the JIT counts as settled, before the at-rest window
     * @param leadIn       the lead-in before each measured phase; empty: none
     * @param rounds       how many times every (mode, rate) phase runs, the rounds interleaved and each rotated one place further
     * @param waits        the lingers and the gathering interval on the doorbell's path
     * @param streamThreads the fetcher's Kafka Streams threads ({@link FetcherConfig#DEFAULT_STREAM_THREADS} as shipped)
     */
    public record Options(List<Integer> rates, int vmms, int sleds, Duration phase, Duration sweepPeriod, List<DeliveryMode> modes,
                          Duration pollInterval, Duration warmup, Duration idle, JitSettle settle, Optional<LeadIn> leadIn, int rounds,
                          PathWaits waits, int streamThreads) {
        public Options {
            rates = List.copyOf(rates);
            modes = List.copyOf(modes);
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || vmms < 1 || sleds < 1 || phase.isNegative()
                    || phase.isZero() || modes.isEmpty() || warmup.isNegative()) {
                throw new IllegalArgumentException("rates, VMMs, sleds, phase length and modes must be positive and non-empty");
            }
            Objects.requireNonNull(settle, "settle");
            Objects.requireNonNull(leadIn, "leadIn");
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
            }
            Objects.requireNonNull(waits, "waits");
            if (streamThreads < 1) {
                throw new IllegalArgumentException("the fetcher needs at least one stream thread: " + streamThreads);
            }
        }

        /** Options with the {@link JitSettle#DEFAULT} settle rule and the {@link LeadIn#DEFAULT} lead-in. */
        public Options(List<Integer> rates, int vmms, int sleds, Duration phase, Duration sweepPeriod, List<DeliveryMode> modes,
                       Duration pollInterval, Duration warmup, Duration idle) {
            this(rates, vmms, sleds, phase, sweepPeriod, modes, pollInterval, warmup, idle, JitSettle.DEFAULT, Optional.of(LeadIn.DEFAULT), 1,
                    PathWaits.SHIPPED, FetcherConfig.DEFAULT_STREAM_THREADS);
        }

        /** @return these options with {@code lead} as the lead-in before each phase (empty: none) */
        public Options withLeadIn(Optional<LeadIn> lead) {
            return new Options(rates, vmms, sleds, phase, sweepPeriod, modes, pollInterval, warmup, idle, settle, lead, rounds, waits, streamThreads);
        }

        /** @return these options with every (mode, rate) phase run {@code n} times, interleaved */
        public Options withRounds(int n) {
            return new Options(rates, vmms, sleds, phase, sweepPeriod, modes, pollInterval, warmup, idle, settle, leadIn, n, waits, streamThreads);
        }

        /** @return these options with {@code value} as the doorbell path's waits */
        public Options withWaits(PathWaits value) {
            return new Options(rates, vmms, sleds, phase, sweepPeriod, modes, pollInterval, warmup, idle, settle, leadIn, rounds, value, streamThreads);
        }

        /** @return these options with the fetcher running {@code value} stream threads */
        public Options withStreamThreads(int value) {
            return new Options(rates, vmms, sleds, phase, sweepPeriod, modes, pollInterval, warmup, idle, settle, leadIn, rounds, waits, value);
        }

        /** @return the warm-up each mode runs */
        public WarmupPlan warmupPlan() {
            return new WarmupPlan(rates, warmup);
        }

        /** The issue's sizes: 200, 1,000 and 5,000 changes/s across 10,000 VMMs, 15 s per phase, every mode, 5 s warm-up per mode. */
        public static Options full() {
            return new Options(List.of(200, 1000, 5000), 10_000, 4, Duration.ofSeconds(15), Duration.ofSeconds(2),
                    List.of(DeliveryMode.values()), Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(3));
        }

        /** A quick run: 200 and 1,000 changes/s across 1,000 VMMs, 5 s per phase, every mode, 3 s warm-up per mode. */
        public static Options small() {
            return new Options(List.of(200, 1000), 1_000, 4, Duration.ofSeconds(5), Duration.ofSeconds(2),
                    List.of(DeliveryMode.values()), Duration.ofMillis(5), Duration.ofSeconds(3), Duration.ofSeconds(2));
        }
    }

    /** The extra column: seconds of lead-in before the phase. */
    public static final String LEAD_IN_SECONDS = "lead-in s";
    /** The extra column: whether the JIT settled in the lead-in (false: it timed out). */
    public static final String LEAD_IN_SETTLED = "lead-in JIT settled";

    private final Options options;
    private final Progress progress;

    public LatencyBench(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Starts a stack on {@code servers}, runs every (mode, rate) phase, stops the stack. */
    public ScenarioReport run(BenchServers servers) throws Exception {
        BenchStack.Options stackOptions = BenchStack.Options.of(options.sleds()).withPollInterval(options.pollInterval())
                .withWatcherSweepPeriod(options.sweepPeriod()).withWaits(options.waits())
                .withStreamThreads(options.streamThreads());
        try (BenchStack stack = BenchStack.start(servers, stackOptions, progress)) {
            ChangeDriver driver = new ChangeDriver(stack, progress);
            stack.grow(options.vmms());
            warmUp(stack, driver);
            ModeRotation rotation = new ModeRotation(options.modes());
            stack.use(rotation.forRate(0).getFirst());
            JitSettle.Outcome settled = options.settle().await(System::nanoTime, () -> JvmWork.now().jitMillis(),
                    () -> LockSupport.parkNanos(options.settle().poll().toNanos()));
            progress.line(describe(settled));
            PhaseCost idle = stack.meter().idle(options.idle());
            List<PhaseResult> results = new ArrayList<>();
            Map<String, List<String>> order = new LinkedHashMap<>();
            List<RoundsSummary.Figures> figures = new ArrayList<>();
            for (int round = 0; round < options.rounds(); round++) {
                for (int r = 0; r < options.rates().size(); r++) {
                    int rate = options.rates().get(r);
                    List<DeliveryMode> modes = rotation.forRate(r + round);
                    String label = label(rate, round);
                    order.put(label, modes.stream().map(DeliveryMode::wireName).toList());
                    for (DeliveryMode mode : modes) {
                        stack.use(mode);
                        PhaseResult result = phase(stack, driver, mode, rate, round, label);
                        results.add(result);
                        figures.add(new RoundsSummary.Figures(mode, rate, result.quantile(0.5), result.quantile(0.99),
                                result.cpuTotalPerChange()));
                    }
                }
            }
            Map<String, Object> settings = settings(order, settled);
            settings.putAll(stack.settings());
            List<Table> tables = options.rounds() > 1 ? List.of(RoundsSummary.table(figures)) : List.of();
            return new ScenarioReport("latency", intro(), settings, results, idle, tables, List.of());
        }
    }

    /**
     * One untimed pass over every mode at every rate ({@link WarmupPlan}), so the JIT has compiled every
     * mode's path, at every rate, before any is measured.
     */
    private void warmUp(BenchStack stack, ChangeDriver driver) throws Exception {
        ModeWarmUp.run(stack, driver, options.modes(), options.warmupPlan(), stack.fleet().size(), this::drain);
    }

    private Duration drain(DeliveryMode mode) {
        return mode == DeliveryMode.WATCHER_ONLY ? options.sweepPeriod().multipliedBy(3).plusSeconds(5)
                : Duration.ofSeconds(Math.max(10, options.phase().toSeconds()));
    }

    private String describe(JitSettle.Outcome settled) {
        JitSettle rule = options.settle();
        String how = String.format(Locale.ROOT, "JIT compilation grew < %d ms over %.1f s", rule.maxGrowthMillis(),
                rule.window().toMillis() / 1000.0);
        return switch (settled) {
            case JitSettle.Outcome.Settled s -> String.format(Locale.ROOT, "waited %d ms before the at-rest window until %s",
                    s.waited().toMillis(), how);
            case JitSettle.Outcome.TimedOut t -> String.format(Locale.ROOT,
                    "waited %d ms before the at-rest window; JIT still compiling (timed out before %s)", t.waited().toMillis(), how);
        };
    }

    /** A phase's label: its rate, and its round when there are several ({@code 1000/s #2}). */
    private String label(int rate, int round) {
        return options.rounds() == 1 ? rate + "/s" : rate + "/s #" + (round + 1);
    }

    private PhaseResult phase(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int rate, int round, String label)
            throws Exception {
        SplittableRandom random = new SplittableRandom(rate * 31L + mode.ordinal() + round * 7_919L);
        BitSet touched = new BitSet();
        Duration drain = drain(mode);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (options.leadIn().isPresent()) {
            SplittableRandom leadRandom = new SplittableRandom(rate * 31L + mode.ordinal() + 1_000_003L);
            JitSettle.Outcome lead = options.leadIn().get().run(stack, driver, mode, rate, () -> leadRandom.nextInt(stack.fleet().size()),
                    drain);
            extra.putAll(LeadIn.figures(lead));
        }
        BenchStack.Measured m = stack.measure(() -> driver.steady(mode, rate, options.phase(), () -> {
            int index = random.nextInt(stack.fleet().size());
            touched.set(index);
            return index;
        }, i -> 0, String.format(Locale.ROOT, "%-13s %6s", mode.wireName(), label)), drain);
        List<Integer> checked = touched.stream().boxed().toList();
        long mismatches = stack.meter().finalState().mismatches(checked);
        PhaseResult result = new PhaseResult(mode, label, rate, m.made(), m.samples(), m.notSeen(), checked.size(), mismatches, m.cost(),
                m.startEpochMs(), extra, m.stageLatency());
        progress.line(String.format(Locale.ROOT, "%-13s %6s done: %,d changes, p50 %.1f ms, p99 %.1f ms, %d not seen, %.3f CPU ms/change",
                mode.wireName(), label, m.made(), result.quantile(0.5), result.quantile(0.99), m.notSeen(), result.cpuTotalPerChange()));
        return result;
    }

    private Map<String, Object> settings(Map<String, List<String>> order, JitSettle.Outcome settled) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vmms", options.vmms());
        s.put("seconds_per_phase", options.phase().toMillis() / 1000.0);
        s.put("rates", options.rates());
        s.put("modes", options.modes().stream().map(DeliveryMode::wireName).toList());
        s.put("mode_order", order);
        s.put("mode_order_rule", "the given order rotated left by one place per rate and one more per round (deterministic, no seed)");
        s.put("rounds", options.rounds());
        WarmupPlan warmup = options.warmupPlan();
        s.put("warmup", warmup.slices().isEmpty() ? "none"
                : warmup.describe() + ", untimed and unreported, modes in the order "
                        + options.modes().stream().map(DeliveryMode::wireName).toList());
        s.put("at_rest_jit_settle", describe(settled));
        s.put("at_rest_jit_settle_wait_ms", settled.waited().toMillis());
        s.put("at_rest_jit_settled", settled instanceof JitSettle.Outcome.Settled);
        s.put("lead_in", options.leadIn().map(LeadIn::describe).orElse("none"));
        return s;
    }

    private static String intro() {
        return """
                Steady churn at each rate in each mode, on one stack: `doorbell` (ring, collapse, pull), `upcall-body` (the full \
                state PUT to the gateway and through Kafka, R19), `direct-upcall` (the full state PUT straight to the \
                reconciler, omicron today, no Kafka) and `watcher-only` (no notifications, shortened sweeps). Each change is a \
                random VMM's next lifecycle step. Sweeps are off in the notifying modes, so their per-change figures hold only \
                the changes' own work. Fairness: before anything is measured every mode runs an untimed, unreported warm-up \
                at every rate of the run (so the JIT's warm-up is paid by none of the measured phases), the at-rest window starts only \
                once JIT compilation has settled, and the mode order is rotated at each rate so no mode always runs first; the \
                settings below give the warm-up, the settle wait and each rate's mode order. The JIT and GC columns of the CPU \
                table show what compilation and collection each phase still paid (both are part of jvm-other). Before each measured \
                phase its own mode runs at its own rate, untimed, until the JIT has settled under that load (the lead-in). With \
                several rounds every phase runs once per round, the rounds one after another and each rotated one place further, \
                and a last table gives each mode's median and every round's p99.""";
    }
}
