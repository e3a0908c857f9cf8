package dev.doorbell.cli;

import dev.doorbell.cli.schema.RegistryCatalog;
import dev.doorbell.cli.schema.SubjectCompatibility;
import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaHistory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell schema compat}. */
@Command(name = "compat", mixinStandardHelpOptions = true,
        description = "Show a subject's compatibility level, or set it with --level.")
final class SchemaCompatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SchemaRegistryOptions registry;

    @Option(names = "--subject", paramLabel = "SUBJECT", defaultValue = SchemaHistory.VMM_STATES_VALUE,
            description = "The subject (default ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--level", paramLabel = "LEVEL",
            description = "Set this level: ${COMPLETION-CANDIDATES}.")
    CompatibilityLevel level;

    @Override
    public Integer call() {
        try (SchemaRegistryClient client = registry.client();
             RegistryCatalog catalog = registry.catalog()) {
            SubjectCompatibility compatibility = new SubjectCompatibility(client, catalog);
            String line = level == null ? compatibility.show(subject) : compatibility.set(subject, level);
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
