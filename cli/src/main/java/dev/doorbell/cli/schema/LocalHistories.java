package dev.doorbell.cli.schema;

import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.SchemaVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local schema histories a command works on: the one shipped in the schemas jar
 * ({@code vmm.states-value}), or those under a directory of {@code <subject>/vN.avsc} files (the directory
 * may also be one subject's own directory).
 */
public record LocalHistories(List<SchemaHistory> histories) {

    public LocalHistories {
        histories = List.copyOf(histories);
        if (histories.isEmpty()) {
            throw new SchemaGovernanceFailure("no local schema history found");
        }
    }

    /** The jar's history when {@code directory} is null, else the histories under it. */
    public static LocalHistories load(Path directory) {
        if (directory == null) {
            return new LocalHistories(List.of(SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE)));
        }
        if (!Files.isDirectory(directory)) {
            throw new SchemaGovernanceFailure("schema history directory " + directory + " does not exist");
        }
        try {
            List<SchemaHistory> histories = holdsVersions(directory)
                    ? List.of(SchemaHistory.load(directory))
                    : SchemaHistory.loadAll(directory);
            if (histories.isEmpty()) {
                throw new SchemaGovernanceFailure("no <subject>/vN.avsc history under " + directory);
            }
            return new LocalHistories(histories);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new SchemaGovernanceFailure(e.getMessage(), e);
        }
    }

    private static boolean holdsVersions(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".avsc"));
        } catch (IOException e) {
            throw new SchemaGovernanceFailure("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The same histories under a registry subject other than their directory's name (e.g. a suffixed topic's
     * subject); {@code this} when {@code subject} is null. Only one history can be renamed.
     */
    public LocalHistories underSubject(String subject) {
        if (subject == null) {
            return this;
        }
        return new LocalHistories(List.of(rename(single(), subject)));
    }

    /** The history of {@code subject}, or the only one when {@code subject} is null. */
    public SchemaHistory select(String subject) {
        if (subject == null) {
            return single();
        }
        return histories.stream().filter(h -> h.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new SchemaGovernanceFailure("no local history of subject '" + subject
                        + "' (have " + subjects() + ")"));
    }

    private SchemaHistory single() {
        if (histories.size() != 1) {
            throw new SchemaGovernanceFailure("several local histories " + subjects() + ": name one with --subject");
        }
        return histories.getFirst();
    }

    private List<String> subjects() {
        return histories.stream().map(SchemaHistory::subject).toList();
    }

    private static SchemaHistory rename(SchemaHistory history, String subject) {
        return new SchemaHistory(subject, history.versions().stream()
                .map(v -> new SchemaVersion(subject, v.number(), v.schema()))
                .toList());
    }
}
