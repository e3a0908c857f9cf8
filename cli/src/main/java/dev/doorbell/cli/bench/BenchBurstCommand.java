package dev.doorbell.cli.bench;

import dev.doorbell.bench.burst.BurstBench;
import dev.doorbell.bench.burst.BurstShape;
import dev.doorbell.bench.stack.DeliveryMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell bench burst}: every VMM changes state k times within t ms, in every mode. */
@Command(name = "burst", mixinStandardHelpOptions = true,
        description = {
            "Each of N VMMs changes state k times within t ms, in every mode: fetches per burst against the work queue's bound",
            "2 + t / min-refetch-interval, sled GETs per change, final-state correctness (database equals sled), CPU per change.",
            "Writes report.md, results.json and plots to <out>/burst-<timestamp>/."
        })
public final class BenchBurstCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttachOptions attach;

    @Option(names = "--vmms", defaultValue = "1000", description = "VMMs that burst (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--bursts", split = ",", defaultValue = "2:10,20:500,200:2000",
            description = "Bursts as k:t (changes per VMM : span in ms), each run in every mode (default: ${DEFAULT-VALUE}).")
    List<String> bursts;

    @Option(names = "--modes", split = ",", defaultValue = "doorbell,upcall-body,direct-upcall,watcher-only", converter = ModeConverter.class,
            description = "Modes to run, in order (default: ${DEFAULT-VALUE}).")
    List<DeliveryMode> modes;

    @Option(names = "--sweep-period", defaultValue = "2s", converter = DurationConverter.class,
            description = "Watcher sweep period in watcher-only mode (default: ${DEFAULT-VALUE}).")
    Duration sweepPeriod;

    @Option(names = "--poll-interval-ms", defaultValue = "5", description = "Database polling interval (default: ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    BurstBench.Options options() {
        return new BurstBench.Options(vmms, sleds, bursts.stream().map(BurstShape::parse).toList(), modes, sweepPeriod,
                Duration.ofMillis(pollMillis), BurstBench.Options.full().idle());
    }

    @Override
    public Integer call() throws Exception {
        BurstBench.Options options = options();
        return BenchRunner.run(attach, out, spec.commandLine().getOut(), (servers, progress) -> new BurstBench(options, progress).run(servers));
    }
}
