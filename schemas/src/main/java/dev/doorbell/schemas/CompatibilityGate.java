package dev.doorbell.schemas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaCompatibility;

/**
 * Checks a schema history for {@code FULL_TRANSITIVE} compatibility with Avro's own
 * {@link SchemaCompatibility} (each incompatibility located down to the field by {@link ReaderWriterCheck}): every
 * version against every older one, in both directions — the newer reader
 * reads data of the older writer, and the older reader reads data of the newer writer.
 *
 * <p>Run by the build ({@code process-classes}) through {@link #main}: it fails the build, naming the field and
 * the rule, when any pair is incompatible.
 */
public final class CompatibilityGate {

    /** Every violation in {@code history}; empty when the history is FULL_TRANSITIVE-compatible. */
    public List<CompatibilityViolation> check(SchemaHistory history) {
        List<CompatibilityViolation> violations = new ArrayList<>();
        List<SchemaVersion> versions = history.versions();
        for (int n = 1; n < versions.size(); n++) {
            SchemaVersion newer = versions.get(n);
            for (int o = 0; o < n; o++) {
                SchemaVersion older = versions.get(o);
                collect(history.subject(), newer, older, newer, older, violations);
                collect(history.subject(), newer, older, older, newer, violations);
            }
        }
        return violations;
    }

    private static void collect(String subject, SchemaVersion newer, SchemaVersion older,
                                SchemaVersion reader, SchemaVersion writer, List<CompatibilityViolation> out) {
        for (LocatedIncompatibility incompatibility : ReaderWriterCheck.between(reader.schema(), writer.schema())) {
            out.add(new CompatibilityViolation(subject, newer, older, reader, writer,
                    incompatibility.location(), incompatibility.fieldPath(), incompatibility.rule(), incompatibility.detail()));
        }
    }

    /**
     * Build entry point: {@code CompatibilityGate <history-root> [<subject>=<vN> …]}. Checks every subject
     * directory under the root; each {@code subject=vN} argument asserts that {@code vN} (the version codegen
     * compiles) is the newest in that subject's history. Exits 1 with one line per problem.
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: CompatibilityGate <history-root> [<subject>=<vN> ...]");
            System.exit(2);
        }
        List<String> problems = new GateRun(new CompatibilityGate())
                .problems(Path.of(args[0]), List.of(args).subList(1, args.length));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[compatibility-gate] " + p));
            System.exit(1);
        }
        System.out.println("[compatibility-gate] " + args[0] + ": every version FULL_TRANSITIVE-compatible with every older one");
    }
}
