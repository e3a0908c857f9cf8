package dev.doorbell.cli;

import dev.doorbell.cli.schema.CheckReport;
import dev.doorbell.cli.schema.HistoryCheck;
import dev.doorbell.cli.schema.RegistryCatalog;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.CompatibilityGate;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell schema check}: the CI gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        header = "The CI gate: check the local history against the registry and against itself; exit 1 if incompatible.",
        description = {
            "Check each local schema version against the registry's subject at the subject's compatibility level,",
            "and the local history against itself (FULL_TRANSITIVE). Exit 1 with one line per incompatibility."
        })
final class SchemaCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SchemaRegistryOptions registry;

    @Mixin
    LocalHistoryOptions local;

    @Option(names = "--subject", paramLabel = "SUBJECT",
            description = "Registry subject to check against, if not the history's name (e.g. a suffixed topic's).")
    String subject;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CheckReport report;
        try (SchemaRegistryClient client = registry.client();
             RegistryCatalog catalog = registry.catalog()) {
            report = new HistoryCheck(client, catalog, new CompatibilityGate())
                    .check(local.load().underSubject(subject).histories());
        }
        report.passed().forEach(line -> out.println("ok            " + line));
        report.incompatibilities().forEach(line -> out.println("INCOMPATIBLE  " + line));
        if (report.compatible()) {
            return 0;
        }
        out.flush();
        spec.commandLine().getErr().println("doorbell: schema check failed: "
                + report.incompatibilities().size() + " incompatibilities");
        return CommandLineFactory.EXIT_FAILURE;
    }
}
