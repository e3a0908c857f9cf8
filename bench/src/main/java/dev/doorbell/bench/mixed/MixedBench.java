package dev.doorbell.bench.mixed;

import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.CpuTimes;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.FinalState;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.PipelineCounters;
import dev.doorbell.bench.stack.Progress;
import dev.doorbell.bench.stack.SledRequests;
import dev.doorbell.bench.stack.StageLatency;
import dev.doorbell.model.ApiVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * {@code doorbell bench mixed}: a fleet where half the sleds speak only API version 1.0.0 (an
 * online update half done), in every mode. Each phase is reported whole (with its CPU) and per
 * sled version: latency, changes not applied, final-state correctness, sled GETs per change (the
 * 1.0.0 sleds have no batch endpoint and first refuse the fetcher's 2.0.0 request) and fetches per
 * change (from the observations per VMM, in the pulling modes).
 */
public final class MixedBench {

    /** Tag of changes on sleds that speak only 1.0.0. */
    static final int OLD = 1;
    /** Tag of changes on sleds that speak 1.0.0 and 2.0.0. */
    static final int NEW = 2;

    /**
     * @param vmms         VMMs across all sleds
     * @param sleds        simulated sleds, an even number: the odd-numbered half speak only 1.0.0
     * @param rates        state changes per second, each run in every mode
     * @param phase        measured time per (mode, rate)
     * @param modes        modes to run, in order
     * @param sweepPeriod  the watcher sweep's period in {@code watcher-only} mode
     * @param pollInterval how often the database is polled
     * @param idle         how long the stack's cost at rest is measured
     */
    public record Options(int vmms, int sleds, List<Integer> rates, Duration phase, List<DeliveryMode> modes, Duration sweepPeriod,
                          Duration pollInterval, Duration idle) {
        public Options {
            rates = List.copyOf(rates);
            modes = List.copyOf(modes);
            if (vmms < 1 || sleds < 2 || sleds % 2 != 0 || rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || modes.isEmpty()
                    || phase.isNegative() || phase.isZero()) {
                throw new IllegalArgumentException("an even number of sleds (at least 2), positive VMMs, rates and phase length, some modes");
            }
        }

        /** 10,000 VMMs on 4 sleds (2 of them 1.0.0 only), 200 and 1,000 changes/s, 15 s per phase, every mode. */
        public static Options full() {
            return new Options(10_000, 4, List.of(200, 1000), Duration.ofSeconds(15), List.of(DeliveryMode.values()),
                    Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofSeconds(3));
        }

        /** A quick run: 1,000 VMMs, 200 changes/s, 5 s per phase. */
        public static Options small() {
            return new Options(1_000, 4, List.of(200), Duration.ofSeconds(5), List.of(DeliveryMode.values()), Duration.ofSeconds(2),
                    Duration.ofMillis(5), Duration.ofSeconds(2));
        }
    }

    private final Options options;
    private final Progress progress;

    public MixedBench(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    public ScenarioReport run(BenchServers servers) throws Exception {
        List<Set<ApiVersion>> versions = new ArrayList<>();
        for (int s = 0; s < options.sleds(); s++) {
            versions.add(s % 2 == 1 ? Set.of(ApiVersion.V1) : Set.copyOf(ApiVersion.KNOWN));
        }
        BenchStack.Options stackOptions = BenchStack.Options.of(options.sleds()).withObservationTally().withSledVersions(versions)
                .withPollInterval(options.pollInterval()).withWatcherSweepPeriod(options.sweepPeriod());
        try (BenchStack stack = BenchStack.start(servers, stackOptions, progress)) {
            ChangeDriver driver = new ChangeDriver(stack, progress);
            stack.grow(options.vmms());
            stack.use(options.modes().getFirst());
            PhaseCost idle = stack.meter().idle(options.idle());
            List<PhaseResult> results = new ArrayList<>();
            for (DeliveryMode mode : options.modes()) {
                stack.use(mode);
                for (int rate : options.rates()) {
                    results.addAll(phase(stack, driver, mode, rate));
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("vmms", options.vmms());
            settings.put("seconds_per_phase", options.phase().toMillis() / 1000.0);
            settings.put("rates", options.rates());
            settings.put("modes", options.modes().stream().map(DeliveryMode::wireName).toList());
            settings.putAll(stack.settings());
            return new ScenarioReport("mixed", intro(), settings, results, idle, List.of(), List.of());
        }
    }

    private List<PhaseResult> phase(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int rate) throws Exception {
        SplittableRandom random = new SplittableRandom(rate * 17L + mode.ordinal());
        BitSet touched = new BitSet();
        long[] madeByTag = new long[3];
        IntPredicate oldSled = s -> stack.fleet().versions(s).equals(Set.of(ApiVersion.V1));
        Duration drain = mode == DeliveryMode.WATCHER_ONLY ? options.sweepPeriod().multipliedBy(3).plusSeconds(5)
                : Duration.ofSeconds(Math.max(10, options.phase().toSeconds()));
        stack.meter().resetTally();
        SledRequests oldBefore = stack.meter().sledRequests(oldSled);
        SledRequests newBefore = stack.meter().sledRequests(oldSled.negate());
        BenchStack.Measured m = stack.measure(() -> driver.steady(mode, rate, options.phase(), () -> {
            int index = random.nextInt(stack.fleet().size());
            touched.set(index);
            madeByTag[tag(stack, index)]++;
            return index;
        }, i -> tag(stack, i), String.format(Locale.ROOT, "%-13s %5d/s", mode.wireName(), rate)), drain);
        SledRequests oldDelta = stack.meter().sledRequests(oldSled).minus(oldBefore);
        SledRequests newDelta = stack.meter().sledRequests(oldSled.negate()).minus(newBefore);
        Map<UUID, Long> perVmm = Map.of();
        if (mode.pulls()) {
            stack.meter().awaitTally(m.cost().counters().observations(), Duration.ofSeconds(10));
            perVmm = stack.meter().tally();
        }
        List<Integer> all = touched.stream().boxed().toList();
        FinalState finalState = stack.meter().finalState();
        List<PhaseResult> rows = new ArrayList<>();
        String label = rate + "/s";
        rows.add(new PhaseResult(mode, label + " all sleds", rate, m.made(), m.samples(), m.notSeen(), all.size(),
                finalState.mismatches(all), m.cost(), m.startEpochMs(), Map.of("sleds", "all"), m.stageLatency()));
        long[] fetchesByTag = new long[3];
        perVmm.forEach((vmm, n) -> {
            int index = stack.fleet().indexOf(vmm);
            if (index >= 0) {
                fetchesByTag[tag(stack, index)] += n;
            }
        });
        for (int tag : List.of(NEW, OLD)) {
            List<Integer> mine = all.stream().filter(i -> tag(stack, i) == tag).toList();
            long fetches = fetchesByTag[tag];
            SledRequests requests = tag == OLD ? oldDelta : newDelta;
            PhaseCost share = new PhaseCost(m.cost().wall(), new CpuTimes(Map.of()),
                    new PipelineCounters(fetches, 0, 0, 0, requests, 0, 0, 0));
            String sleds = tag == OLD ? "1.0.0 only" : "1.0.0 + 2.0.0";
            rows.add(new PhaseResult(mode, label + " sleds " + sleds, (double) rate * madeByTag[tag] / Math.max(1, m.made()),
                    madeByTag[tag], m.samples().withTag(tag), m.notSeenByTag().getOrDefault(tag, 0L), mine.size(),
                    finalState.mismatches(mine), share, m.startEpochMs(), Map.of("sleds", sleds), StageLatency.NONE));
        }
        PhaseResult whole = rows.getFirst();
        progress.line(String.format(Locale.ROOT, "%-13s %5d/s done: p99 %.1f ms (2.0.0 sleds %.1f, 1.0.0 sleds %.1f), %d not seen",
                mode.wireName(), rate, whole.quantile(0.99), rows.get(1).quantile(0.99), rows.get(2).quantile(0.99), whole.notSeen()));
        return rows;
    }

    private static int tag(BenchStack stack, int index) {
        return stack.fleet().versions(stack.fleet().sledOf(index)).contains(ApiVersion.V2) ? NEW : OLD;
    }

    private static String intro() {
        return """
                A fleet where half the sleds speak only state API 1.0.0, as in an online update half done, in every mode. \
                Each phase has a row for the whole fleet (with its CPU) and one per sled version; fetches per change on the \
                per-version rows are the observations on `vmm.states` of the VMMs on those sleds (pulling modes; a sweep \
                fetches every VMM, changed or not), sled GETs per change come from those sleds' own `/metrics` (1.0.0 has no \
                batch endpoint; a refused 2.0.0 request counts too). CPU cannot be split by sled version.""";
    }
}
