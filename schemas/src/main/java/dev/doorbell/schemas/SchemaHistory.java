package dev.doorbell.schemas;

import dev.doorbell.serde.TopicNameStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The full, explicit history of one subject: {@code v1.avsc … vN.avsc} in a directory named after the
 * subject. Versions are contiguous from 1; the last one is the newest, the one codegen compiles.
 *
 * <p>Each version is parsed on its own (versions define the same names).
 */
public record SchemaHistory(String subject, List<SchemaVersion> versions) {

    private static final Pattern FILE_NAME = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    /** Classpath root of the history shipped in this jar: {@code schemas/<subject>/vN.avsc}. */
    public static final String CLASSPATH_ROOT = "schemas";

    /** The subject of the {@code vmm.states} topic's values. */
    public static final String VMM_STATES_VALUE = "vmm.states-value";

    public SchemaHistory {
        Objects.requireNonNull(subject, "subject");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("history of " + subject + " is empty");
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() != i + 1) {
                throw new IllegalArgumentException("history of " + subject + " is not contiguous: expected v" + (i + 1)
                        + " but found " + versions.get(i).label());
            }
        }
    }

    /** The newest version. */
    public SchemaVersion newest() {
        return versions.getLast();
    }

    /** Reads {@code <directory>/vN.avsc}; the directory's name is the subject. */
    public static SchemaHistory load(Path directory) {
        String subject = directory.getFileName().toString();
        List<SchemaVersion> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    throw new IllegalArgumentException("unexpected file in schema history " + file + " (want vN.avsc)");
                }
                try (InputStream in = Files.newInputStream(file)) {
                    versions.add(new SchemaVersion(subject, Integer.parseInt(m.group(1)), parse(in, file.toString())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history " + directory, e);
        }
        versions.sort(Comparator.comparingInt(SchemaVersion::number));
        return new SchemaHistory(subject, versions);
    }

    /** Every subject directory under {@code root}, in name order. */
    public static List<SchemaHistory> loadAll(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().map(SchemaHistory::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history root " + root, e);
        }
    }

    /**
     * The observations' value history shipped in this jar ({@value #VMM_STATES_VALUE}) under the value
     * subject of {@code statesTopic} (Confluent's {@link TopicNameStrategy}), e.g. a test's suffixed topic.
     */
    public static SchemaHistory forStatesTopic(String statesTopic) {
        return new SchemaHistory(TopicNameStrategy.VALUE.subject(statesTopic), fromClasspath(VMM_STATES_VALUE).versions());
    }

    /** Reads the history shipped in this jar, {@code schemas/<subject>/v1.avsc, v2.avsc, …}. */
    public static SchemaHistory fromClasspath(String subject) {
        List<SchemaVersion> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int n = 1; ; n++) {
            String resource = CLASSPATH_ROOT + "/" + subject + "/v" + n + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new SchemaVersion(subject, n, parse(in, resource)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new SchemaHistory(subject, versions);
    }

    private static Schema parse(InputStream in, String where) throws IOException {
        try {
            return new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException("invalid Avro schema " + where + ": " + e.getMessage(), e);
        }
    }
}
