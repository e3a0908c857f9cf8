package dev.doorbell.cli.schema;

import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.registry.SubjectNotFoundException;
import dev.doorbell.registry.SubjectVersion;
import java.util.ArrayList;
import java.util.List;

/** What {@code doorbell schema list} prints: each subject's compatibility level, versions and schema ids. */
public record SubjectListing(SchemaRegistryClient registry, RegistryCatalog catalog) {

    /** Lines for every subject, or only {@code subject} when it is not null. */
    public List<String> lines(String subject) {
        List<String> subjects = subject == null ? catalog.subjects() : List.of(subject);
        if (subjects.isEmpty()) {
            return List.of("no subjects in " + catalog.baseUrl());
        }
        List<String> lines = new ArrayList<>();
        for (String s : subjects) {
            lines.addAll(linesOf(s));
        }
        return lines;
    }

    private List<String> linesOf(String subject) {
        List<Integer> versions = versionsOf(registry, catalog, subject);
        List<String> lines = new ArrayList<>();
        lines.add(subject + "  compatibility " + catalog.levelOf(registry, subject).describe()
                + "  versions " + versions.size());
        for (int number : versions) {
            SubjectVersion version = registry.version(subject, number);
            lines.add("  version " + version.version() + "  id " + version.id());
        }
        return lines;
    }

    /** The subject's version numbers; a one-line failure when the registry has no such subject. */
    static List<Integer> versionsOf(SchemaRegistryClient registry, RegistryCatalog catalog, String subject) {
        try {
            return registry.versions(subject);
        } catch (SubjectNotFoundException e) {
            throw new SchemaGovernanceFailure("unknown subject '" + subject + "' in " + catalog.baseUrl(), e);
        }
    }
}
