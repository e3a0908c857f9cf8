package dev.doorbell.cli;

import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell schema register}. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register the local history, oldest first, under FULL_TRANSITIVE (idempotent); print the ids.")
final class SchemaRegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SchemaRegistryOptions registry;

    @Mixin
    LocalHistoryOptions local;

    @Option(names = "--subject", paramLabel = "SUBJECT",
            description = "Register under this subject instead of the history's name (e.g. a suffixed topic's).")
    String subject;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistryClient client = registry.client()) {
            for (SchemaHistory history : local.load().underSubject(subject).histories()) {
                List<Integer> ids = SchemaGovernance.registerHistory(client, history);
                for (int i = 0; i < ids.size(); i++) {
                    out.println(history.subject() + " " + history.versions().get(i).label() + "  id " + ids.get(i));
                }
                out.println(history.subject() + ": " + ids.size() + " versions registered, compatibility FULL_TRANSITIVE");
            }
        }
        return 0;
    }
}
