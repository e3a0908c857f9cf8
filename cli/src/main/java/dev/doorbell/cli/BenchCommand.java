package dev.doorbell.cli;

import dev.doorbell.cli.bench.BenchBurstCommand;
import dev.doorbell.cli.bench.BenchLatencyCommand;
import dev.doorbell.cli.bench.BenchMixedCommand;
import dev.doorbell.cli.bench.BenchScaleCommand;
import dev.doorbell.cli.bench.BenchSoakCommand;
import dev.doorbell.cli.bench.BenchSuiteCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code doorbell bench}: benchmarks on a local stack, written to {@code bench/results/}; without a
 * scenario, every scenario at a small size.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the doorbell pipeline against the legacy upcall and watcher-only on a local stack.",
            "Without a scenario: every scenario (latency, burst, scale, mixed) at small sizes, a few minutes in all."},
        subcommands = {BenchLatencyCommand.class, BenchBurstCommand.class, BenchScaleCommand.class, BenchMixedCommand.class, BenchSoakCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    BenchSuiteCommand suite;

    @Override
    public Integer call() throws Exception {
        return suite.call();
    }
}
