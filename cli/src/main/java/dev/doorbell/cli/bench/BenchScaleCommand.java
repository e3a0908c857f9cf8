package dev.doorbell.cli.bench;

import dev.doorbell.bench.scale.ScaleBench;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.PathWaits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell bench scale}: the doorbell pipeline at growing fleet sizes, each mode's highest sustained rate at each. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        header = "Growing fleets: background cost of sweeps and the highest sustained change rate.",
        description = {
            "The doorbell pipeline holding ever more VMMs, sweeps on: per fleet size the background sled GETs and fetches per",
            "second from sweeps, sweep duration, CPU at rest, the fetcher's store sizes, the JVM heap, and the highest sustained",
            "state changes/s before ring-to-applied p99 passes the limit (a short step search), searched in each of --modes",
            "(by default doorbell and direct-upcall; the order rotated by one place per fleet size), each search after a lead-in",
            "at the start rate until the JIT has settled.",
            "Writes report.md, results.json and plots (cost-vs-vmms.png) to <out>/scale-<timestamp>/."
        })
public final class BenchScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttachOptions attach;

    @Option(names = "--vmms", split = ",", defaultValue = "1000,10000,100000", description = "Fleet sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--sweep-period", defaultValue = "30s", converter = DurationConverter.class,
            description = "Watcher sweep period throughout (default: ${DEFAULT-VALUE}, the reconciler's).")
    Duration sweepPeriod;

    @Option(names = "--sweep-check-spread", defaultValue = "0.5",
            description = "Share of the period each sweep's check is paced over; 0 checks all at once (default: ${DEFAULT-VALUE}, the reconciler's).")
    double sweepCheckSpread;

    @Option(names = "--background", defaultValue = "60s", converter = DurationConverter.class,
            description = "Background window per fleet size (default: ${DEFAULT-VALUE}).")
    Duration background;

    @Option(names = "--step", defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of each step of the rate search (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--start-rate", defaultValue = "250", description = "First rate of the search, changes/s (default: ${DEFAULT-VALUE}).")
    int startRate;

    @Option(names = "--max-rate", defaultValue = "16000", description = "Highest rate tried, changes/s (default: ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(names = "--p99-limit-ms", defaultValue = "100", description = "A step passes with p99 at most this (default: ${DEFAULT-VALUE}).")
    double p99LimitMs;

    @Option(names = "--refine-steps", defaultValue = "2", description = "Bisection steps after doubling (default: ${DEFAULT-VALUE}).")
    int refineSteps;

    @Option(names = "--poll-interval-ms", defaultValue = "5", description = "Database polling interval (default: ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--modes", split = ",", defaultValue = "doorbell,direct-upcall", converter = ModeConverter.class,
            description = "Modes whose highest sustained rate is searched at every fleet size, in order (default: ${DEFAULT-VALUE}).")
    List<DeliveryMode> modes;

    @Option(names = "--lead-in", defaultValue = "60s", converter = DurationConverter.class,
            description = "Before each mode's search at each fleet size, run that mode at the start rate, untimed, "
                    + LeadInOption.DESCRIPTION_TAIL)
    Duration leadIn;

    @Option(names = "--lead-in-each-step", description = "Run the lead-in before every step of each search, at that step's rate, "
            + "instead of once before the search (every step measured after the JIT settled under its own load).")
    boolean leadInEachStep;

    @Option(names = "--apply-ahead", description = "The fetcher applies its answers to the database before publishing them, as"
            + " fetcher --apply-ahead ships (its linger, and its observation producer's) (default: off, as shipped).")
    boolean applyAhead;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    ScaleBench.Options options() {
        return new ScaleBench.Options(vmms, sleds, sweepPeriod, background, step, startRate, maxRate, p99LimitMs, refineSteps,
                Duration.ofMillis(pollMillis), modes, sweepCheckSpread, LeadInOption.of(spec, leadIn)).withLeadInEachStep(leadInEachStep)
                .withWaits(applyAhead ? PathWaits.SHIPPED.applyingAhead() : PathWaits.SHIPPED);
    }

    @Override
    public Integer call() throws Exception {
        ScaleBench.Options options = options();
        return BenchRunner.run(attach, out, spec.commandLine().getOut(), (servers, progress) -> new ScaleBench(options, progress).run(servers));
    }
}
