package dev.doorbell.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code doorbell} command. Subcommands are added as their components land;
 * run without one it prints usage and fails, so a typo never passes silently.
 */
@Command(
        name = "doorbell",
        mixinStandardHelpOptions = true,
        versionProvider = DoorbellVersion.class,
        description = {
            "Carries VMM state from sleds to the control plane: body-less doorbells on Kafka,",
            "state pulled from the sled's versioned API, generation-guarded reconciliation."
        },
        subcommands = {UpCommand.class, DemoCommand.class, AuditCommand.class, InspectCommand.class, SledCommand.class, GatewayCommand.class, FetcherCommand.class, ReconcilerCommand.class, ReplayCommand.class, SchemaCommand.class, BenchCommand.class})
public final class DoorbellCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Print stack traces on errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: see 'doorbell --help'.");
    }
}
