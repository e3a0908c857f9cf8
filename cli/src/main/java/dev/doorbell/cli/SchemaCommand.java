package dev.doorbell.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell schema}: governs the schemas in any Confluent-compatible registry; fit to gate a CI pipeline. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {
            "Govern schemas in a Confluent-compatible registry (Confluent, Apicurio ccompat, ...).",
            "Exit codes: 0 ok, 1 failed or incompatible, 2 bad usage."
        },
        subcommands = {SchemaListCommand.class, SchemaCheckCommand.class, SchemaRegisterCommand.class,
            SchemaCompatCommand.class, SchemaDiffCommand.class})
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: see 'doorbell schema --help'.");
    }
}
