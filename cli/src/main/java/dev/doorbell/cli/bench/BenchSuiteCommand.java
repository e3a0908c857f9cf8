package dev.doorbell.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options and action of {@code doorbell bench} without a scenario (mixed into that command). */
public final class BenchSuiteCommand {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    AttachOptions attach;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    /** Runs every scenario at its small size. @return 0 */
    public Integer call() throws Exception {
        BenchSuite.run(attach, out, spec.commandLine().getOut());
        return 0;
    }
}
