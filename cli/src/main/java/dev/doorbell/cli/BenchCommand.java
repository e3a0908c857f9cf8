package dev.doorbell.cli;

import dev.doorbell.cli.bench.BenchLatencyCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell bench}: benchmarks on a local stack, written to {@code bench/results/}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the doorbell pipeline against the legacy upcall and watcher-only on a local stack.",
        subcommands = {BenchLatencyCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: see 'doorbell bench --help'.");
    }
}
