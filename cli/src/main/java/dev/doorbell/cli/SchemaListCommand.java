package dev.doorbell.cli;

import dev.doorbell.cli.schema.RegistryCatalog;
import dev.doorbell.cli.schema.SubjectListing;
import dev.doorbell.registry.SchemaRegistryClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell schema list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List subjects (or one), their versions and schema ids, and their compatibility level.")
final class SchemaListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SchemaRegistryOptions registry;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this subject.")
    String subject;

    @Override
    public Integer call() {
        try (SchemaRegistryClient client = registry.client();
             RegistryCatalog catalog = registry.catalog()) {
            new SubjectListing(client, catalog).lines(subject).forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
