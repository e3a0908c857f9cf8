package dev.doorbell.bench.latency;

import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code doorbell bench latency}: steady churn at each rate in each mode on one {@link BenchStack},
 * measuring each change from its {@code time_updated} to the reconciler's database holding its
 * generation, with the CPU and the fetches and sled GETs it cost. Every VMM is first brought into
 * the database, then each notifying mode is warmed up; the stack's cost at rest is measured once.
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
     * @param warmup       churn at 200 changes/s per notifying mode before measuring (zero: none)
     * @param idle         how long the stack's cost at rest is measured
     */
    public record Options(List<Integer> rates, int vmms, int sleds, Duration phase, Duration sweepPeriod, List<DeliveryMode> modes,
                          Duration pollInterval, Duration warmup, Duration idle) {
        public Options {
            rates = List.copyOf(rates);
            modes = List.copyOf(modes);
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || vmms < 1 || sleds < 1 || phase.isNegative()
                    || phase.isZero() || modes.isEmpty() || warmup.isNegative()) {
                throw new IllegalArgumentException("rates, VMMs, sleds, phase length and modes must be positive and non-empty");
            }
        }

        /** The sizes: 200, 1,000 and 5,000 changes/s across 10,000 VMMs, 15 s per phase, every mode. */
        public static Options full() {
            return new Options(List.of(200, 1000, 5000), 10_000, 4, Duration.ofSeconds(15), Duration.ofSeconds(2),
                    List.of(DeliveryMode.values()), Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(3));
        }

        /** A quick run: 200 and 1,000 changes/s across 1,000 VMMs, 5 s per phase, every mode. */
        public static Options small() {
            return new Options(List.of(200, 1000), 1_000, 4, Duration.ofSeconds(5), Duration.ofSeconds(2),
                    List.of(DeliveryMode.values()), Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    private final Options options;
    private final Progress progress;

    public LatencyBench(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Starts a stack on {@code servers}, runs every (mode, rate) phase, stops the stack. */
    public ScenarioReport run(BenchServers servers) throws Exception {
        BenchStack.Options stackOptions = BenchStack.Options.of(options.sleds()).withPollInterval(options.pollInterval())
                .withWatcherSweepPeriod(options.sweepPeriod());
        try (BenchStack stack = BenchStack.start(servers, stackOptions, progress)) {
            ChangeDriver driver = new ChangeDriver(stack, progress);
            stack.grow(options.vmms());
            for (DeliveryMode mode : options.modes()) {
                if (mode != DeliveryMode.WATCHER_ONLY && !options.warmup().isZero()) {
                    stack.use(mode);
                    SplittableRandom random = new SplittableRandom(7);
                    stack.measure(() -> driver.steady(mode, 200, options.warmup(), () -> random.nextInt(stack.fleet().size()), i -> 0,
                            "warm-up " + mode.wireName()), Duration.ofSeconds(10));
                }
            }
            stack.use(options.modes().getFirst());
            PhaseCost idle = stack.idle(options.idle());
            List<PhaseResult> results = new ArrayList<>();
            for (DeliveryMode mode : options.modes()) {
                stack.use(mode);
                for (int rate : options.rates()) {
                    results.add(phase(stack, driver, mode, rate));
                }
            }
            Map<String, Object> settings = settings();
            settings.putAll(stack.settings());
            return new ScenarioReport("latency", intro(), settings, results, idle, List.of(), List.of());
        }
    }

    private PhaseResult phase(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int rate) throws Exception {
        SplittableRandom random = new SplittableRandom(rate * 31L + mode.ordinal());
        BitSet touched = new BitSet();
        String label = rate + "/s";
        Duration drain = mode == DeliveryMode.WATCHER_ONLY ? options.sweepPeriod().multipliedBy(3).plusSeconds(5)
                : Duration.ofSeconds(Math.max(10, options.phase().toSeconds()));
        BenchStack.Measured m = stack.measure(() -> driver.steady(mode, rate, options.phase(), () -> {
            int index = random.nextInt(stack.fleet().size());
            touched.set(index);
            return index;
        }, i -> 0, String.format(Locale.ROOT, "%-13s %6s", mode.wireName(), label)), drain);
        List<Integer> checked = touched.stream().boxed().toList();
        long mismatches = stack.finalStateMismatches(checked);
        PhaseResult result = new PhaseResult(mode, label, rate, m.made(), m.samples(), m.notSeen(), checked.size(), mismatches, m.cost(),
                m.startEpochMs(), Map.of());
        progress.line(String.format(Locale.ROOT, "%-13s %6s done: %,d changes, p50 %.1f ms, p99 %.1f ms, %d not seen, %.3f CPU ms/change",
                mode.wireName(), label, m.made(), result.quantile(0.5), result.quantile(0.99), m.notSeen(), result.cpuTotalPerChange()));
        return result;
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vmms", options.vmms());
        s.put("seconds_per_phase", options.phase().toMillis() / 1000.0);
        s.put("rates", options.rates());
        s.put("modes", options.modes().stream().map(DeliveryMode::wireName).toList());
        return s;
    }

    private static String intro() {
        return """
                Steady churn at each rate in each mode, on one stack: `doorbell` (ring, collapse, pull), `upcall-body` (the full \
                state PUT to the gateway and through Kafka, R19), `direct-upcall` (the full state PUT straight to the \
                reconciler, omicron today, no Kafka) and `watcher-only` (no notifications, shortened sweeps). Each change is a \
                random VMM's next lifecycle step. Sweeps are off in the notifying modes, so their per-change figures hold only \
                the changes' own work.""";
    }
}
