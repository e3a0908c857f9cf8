package dev.doorbell.cli.bench;

import dev.doorbell.bench.mixed.MixedBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell bench mixed}: half the sleds speak only API 1.0.0. */
@Command(name = "mixed", mixinStandardHelpOptions = true,
        header = "A fleet where half the sleds speak only state API 1.0.0, in every mode.",
        description = {
            "A fleet where half the sleds speak only state API 1.0.0, in every mode: latency, correctness, fetches and sled GETs",
            "per change, for the whole fleet and per sled version. Writes report.md, results.json and plots to",
            "<out>/mixed-<timestamp>/."
        })
public final class BenchMixedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttachOptions attach;

    @Mixin
    ModeOptions modeOptions;

    @Option(names = "--vmms", defaultValue = "10000", description = "VMMs across all sleds (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds, even: half speak only 1.0.0 (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--rates", split = ",", defaultValue = "200,1000", description = "State changes per second (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--seconds", defaultValue = "15", converter = DurationConverter.class,
            description = "Measured time per mode and rate (default: ${DEFAULT-VALUE}; a bare number is seconds).")
    Duration seconds;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    MixedBench.Options options() {
        return new MixedBench.Options(vmms, sleds, rates, seconds, modeOptions.modes, modeOptions.sweepPeriod, modeOptions.pollInterval(),
                MixedBench.Options.full().idle());
    }

    @Override
    public Integer call() throws Exception {
        MixedBench.Options options = options();
        return BenchRunner.run(attach, out, spec.commandLine().getOut(), (servers, progress) -> new MixedBench(options, progress).run(servers));
    }
}
