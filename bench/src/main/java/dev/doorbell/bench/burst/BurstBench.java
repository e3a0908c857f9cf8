package dev.doorbell.bench.burst;

import dev.doorbell.bench.latency.JitSettle;
import dev.doorbell.bench.latency.ModeRotation;
import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * {@code doorbell bench burst}: each of N VMMs changes state k times within t ms, in every mode.
 * Reports fetches per burst (per VMM, from the observations on {@code vmm.states}) against the
 * work queue's bound 2 + t / min-refetch-interval, where t is the span over which the bench made
 * that VMM's changes, sled GETs per state change, and whether the database ends equal to the sleds.
 * Fair as the latency bench is: every mode bursts untimed before anything is measured, the at-rest
 * window waits for the JIT to settle ({@link JitSettle}), and the mode order is rotated per burst
 * shape ({@link ModeRotation}).
 */
public final class BurstBench {

    /**
     * @param vmms         VMMs that burst (the fleet holds exactly these)
     * @param sleds        simulated sleds
     * @param shapes       burst shapes, each run in every mode
     * @param modes        modes to run, in order
     * @param sweepPeriod  the watcher sweep's period in {@code watcher-only} mode
     * @param pollInterval how often the database is polled
     * @param idle         how long the stack's cost at rest is measured
     * @param warmupPasses untimed, unreported passes of every shape in every mode before anything is measured
     */
    public record Options(int vmms, int sleds, List<BurstShape> shapes, List<DeliveryMode> modes, Duration sweepPeriod,
                          Duration pollInterval, Duration idle, int warmupPasses) {
        public Options {
            shapes = List.copyOf(shapes);
            modes = List.copyOf(modes);
            if (vmms < 1 || sleds < 1 || shapes.isEmpty() || modes.isEmpty() || warmupPasses < 0) {
                throw new IllegalArgumentException("VMMs, sleds, bursts and modes must be positive and non-empty, warm-up passes >= 0");
            }
        }

        /** The sizes: 1,000 VMMs, k = 2, 20, 200 over 10 ms, 500 ms, 2 s, every mode. */
        public static Options full() {
            return new Options(1_000, 4, List.of(new BurstShape(2, Duration.ofMillis(10)), new BurstShape(20, Duration.ofMillis(500)),
                    new BurstShape(200, Duration.ofSeconds(2))), List.of(DeliveryMode.values()), Duration.ofSeconds(2),
                    Duration.ofMillis(5), Duration.ofSeconds(3), 1);
        }

        /** A quick run: 100 VMMs, the same shapes. */
        public static Options small() {
            Options full = full();
            return new Options(100, 4, full.shapes(), full.modes(), full.sweepPeriod(), full.pollInterval(), Duration.ofSeconds(2), 1);
        }
    }

    private final Options options;
    private final Progress progress;

    public BurstBench(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    public ScenarioReport run(BenchServers servers) throws Exception {
        BenchStack.Options stackOptions = BenchStack.Options.of(options.sleds()).withObservationTally().withPollInterval(options.pollInterval())
                .withWatcherSweepPeriod(options.sweepPeriod());
        try (BenchStack stack = BenchStack.start(servers, stackOptions, progress)) {
            stack.grow(options.vmms());
            warmUp(stack);
            ModeRotation rotation = new ModeRotation(options.modes());
            stack.use(rotation.forRate(0).getFirst());
            JitSettle.Outcome settled = JitSettle.DEFAULT.await(System::nanoTime, () -> JvmWork.now().jitMillis(),
                    () -> LockSupport.parkNanos(JitSettle.DEFAULT.poll().toNanos()));
            PhaseCost idle = stack.meter().idle(options.idle());
            List<PhaseResult> results = new ArrayList<>();
            Map<String, List<String>> order = new LinkedHashMap<>();
            for (int s = 0; s < options.shapes().size(); s++) {
                BurstShape shape = options.shapes().get(s);
                List<DeliveryMode> modes = rotation.forRate(s);
                order.put(shape.toString(), modes.stream().map(DeliveryMode::wireName).toList());
                for (DeliveryMode mode : modes) {
                    stack.use(mode);
                    results.add(phase(stack, mode, shape));
                }
            }
            // reported grouped by mode, in the order given, as before the rotation
            results.sort(Comparator.comparingInt((PhaseResult r) -> options.modes().indexOf(r.mode())));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("bursting_vmms", options.vmms());
            settings.put("bursts", options.shapes().stream().map(BurstShape::toString).toList());
            settings.put("modes", options.modes().stream().map(DeliveryMode::wireName).toList());
            settings.put("mode_order", order);
            settings.put("mode_order_rule", "the given order rotated left by one place per burst shape (deterministic, no seed)");
            settings.put("warmup", options.warmupPasses() == 0 ? "none" : options.warmupPasses() + " untimed, unreported pass(es) of "
                    + "every burst shape in every mode, modes in the order given, before anything is measured");
            settings.put("at_rest_jit_settled", settled instanceof JitSettle.Outcome.Settled);
            settings.put("at_rest_jit_settle_wait_ms", settled.waited().toMillis());
            settings.putAll(stack.settings());
            return new ScenarioReport("burst", intro(stack.minRefetchInterval(), stack.maxRefetchInterval()), settings, results, idle, List.of(), List.of());
        }
    }

    /** Every shape in every mode, untimed; what it measures is dropped, so the JIT is warm for every mode's path. */
    private void warmUp(BenchStack stack) throws Exception {
        int n = options.vmms();
        for (int pass = 0; pass < options.warmupPasses(); pass++) {
            for (DeliveryMode mode : options.modes()) {
                stack.use(mode);
                for (BurstShape shape : options.shapes()) {
                    stack.measure(() -> burst(stack, mode, shape, new long[n], new long[n], "warm-up "), drain(mode, shape));
                }
            }
        }
    }

    private Duration drain(DeliveryMode mode, BurstShape shape) {
        return mode == DeliveryMode.WATCHER_ONLY ? options.sweepPeriod().multipliedBy(3).plusSeconds(5)
                : Duration.ofSeconds(30).plus(shape.span());
    }

    private PhaseResult phase(BenchStack stack, DeliveryMode mode, BurstShape shape) throws Exception {
        int n = options.vmms();
        long[] first = new long[n];
        long[] last = new long[n];
        stack.meter().resetTally();
        BenchStack.Measured m = stack.measure(() -> burst(stack, mode, shape, first, last, ""), drain(mode, shape));
        Map<UUID, Long> perVmm = Map.of();
        if (mode.pulls()) {
            stack.meter().awaitTally(m.cost().counters().observations(), Duration.ofSeconds(10));
            perVmm = stack.meter().tally();
        }
        Duration interval = stack.minRefetchInterval();
        double spanSum = 0;
        double fetchSum = 0;
        long fetchMax = 0;
        long overBound = 0;
        for (int i = 0; i < n; i++) {
            double spanMs = (last[i] - first[i]) / 1e6;
            spanSum += spanMs;
            long fetches = perVmm.getOrDefault(stack.fleet().vmm(i), 0L);
            fetchSum += fetches;
            fetchMax = Math.max(fetchMax, fetches);
            if (mode.pulls() && fetches > BurstShape.bound(Duration.ofNanos(last[i] - first[i]), interval)) {
                overBound++;
            }
        }
        long mismatches = stack.meter().finalState().mismatches(IntStream.range(0, n).boxed().toList());
        double seconds = Math.max(spanSum / n, 1) / 1000.0;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("k", shape.changes());
        extra.put("t ms", shape.span().toMillis());
        extra.put("span sent ms (mean)", spanSum / n);
        extra.put("rings consumed / burst", mode == DeliveryMode.DOORBELL ? (double) m.cost().counters().ringsConsumed() / n : null);
        extra.put("fetches / burst (mean)", mode.pulls() ? fetchSum / n : 0.0);
        extra.put("fetches / burst (max)", mode.pulls() ? fetchMax : 0L);
        extra.put("bound 2 + t/interval", BurstShape.bound(shape.span(), interval));
        extra.put("bound of the ramp 2 + d + t/max", BurstShape.closeBound(shape.span(), interval, stack.maxRefetchInterval()));
        extra.put("VMMs over bound (sent span)", mode.pulls() ? overBound : null);
        PhaseResult result = new PhaseResult(mode, shape.toString(), m.made() / seconds, m.made(), m.samples(), m.notSeen(), n,
                mismatches, m.cost(), m.startEpochMs(), extra, m.stageLatency());
        progress.line(String.format(Locale.ROOT, "%-13s %-16s done: %,d changes, fetches/burst %.2f (max %d, bound %.1f), %.3f GETs/change, "
                        + "%d wrong", mode.wireName(), shape, m.made(), fetchSum / n, fetchMax, BurstShape.bound(shape.span(), interval),
                result.sledGetsPerChange(), mismatches));
        return result;
    }

    /** Makes the burst: k rounds evenly over t, each round one change of every VMM. @return changes made */
    private long burst(BenchStack stack, DeliveryMode mode, BurstShape shape, long[] first, long[] last, String label) {
        int n = first.length;
        int k = shape.changes();
        long start = System.nanoTime();
        long made = 0;
        for (int round = 0; round < k; round++) {
            long due = start + (k == 1 ? 0 : shape.span().toNanos() * round / (k - 1));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            for (int i = 0; i < n; i++) {
                stack.change(i, mode, 0);
                long now = System.nanoTime();
                if (round == 0) {
                    first[i] = now;
                }
                last[i] = now;
                made++;
            }
            progress.inline(String.format(Locale.ROOT, "%s%-13s %-16s %s round %d/%d, %,d changes", label, mode.wireName(), shape,
                    Progress.bar(round + 1, k), round + 1, k, made));
        }
        return made;
    }

    private static String intro(Duration interval, Duration max) {
        return String.format(Locale.ROOT, """
                Bursts: each bursting VMM changes state k times, evenly spread over t ms (one round of changes of every VMM \
                at each of k instants), in every mode. Fetches per burst are the observations on `vmm.states` per VMM in the \
                pulling modes (each fetch emits one), against the work queue's bound 2 + t / min-refetch-interval \
                (%d ms), and, as the bursts' rings come less than max-refetch-interval (%d ms) apart, against the bound of \
                the spacing's ramp 2 + d + t / max-refetch-interval (d: the spacings shorter than the maximum, %d ms doubling \
                up to %d ms); "VMMs over bound" uses each VMM's own span as the bench made its changes (the fetcher may see the \
                rings spread wider when it falls behind). The pushing modes send one body per change (k per burst). \
                Final state: every bursting VMM's database row against its sled after the drain. Fairness: every mode bursts \
                untimed (every shape) before anything is measured, the at-rest window starts only once the JIT has settled, \
                and the mode order is rotated per shape (the tables list the modes in the order given; the settings give \
                the order each shape ran in).""", interval.toMillis(), max.toMillis(), interval.toMillis(), max.toMillis());
    }
}
