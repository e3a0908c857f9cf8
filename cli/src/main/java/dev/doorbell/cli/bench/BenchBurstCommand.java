package dev.doorbell.cli.bench;

import dev.doorbell.bench.burst.BurstBench;
import dev.doorbell.bench.burst.BurstShape;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell bench burst}: every VMM changes state k times within t ms, in every mode. */
@Command(name = "burst", mixinStandardHelpOptions = true,
        header = "Bursts of changes per VMM in every mode: fetches per burst against the work queue's bound.",
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

    @Mixin
    ModeOptions modeOptions;

    @Option(names = "--vmms", defaultValue = "1000", description = "VMMs that burst (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--bursts", split = ",", defaultValue = "2:10,20:500,200:2000",
            description = "Bursts as k:t (changes per VMM : span in ms), each run in every mode (default: ${DEFAULT-VALUE}).")
    List<String> bursts;

    @Option(names = "--warmup-passes", defaultValue = "1",
            description = "Untimed passes of every burst in every mode before anything is measured (default: ${DEFAULT-VALUE}).")
    int warmupPasses;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    BurstBench.Options options() {
        return new BurstBench.Options(vmms, sleds, bursts.stream().map(BurstShape::parse).toList(), modeOptions.modes,
                modeOptions.sweepPeriod, modeOptions.pollInterval(), BurstBench.Options.full().idle(), warmupPasses);
    }

    @Override
    public Integer call() throws Exception {
        BurstBench.Options options = options();
        return BenchRunner.run(attach, out, spec.commandLine().getOut(), (servers, progress) -> new BurstBench(options, progress).run(servers));
    }
}
