package dev.doorbell.cli.schema;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.SubjectVersion;
import dev.doorbell.schemas.LocatedIncompatibility;
import dev.doorbell.schemas.ReaderWriterCheck;
import dev.doorbell.schemas.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Explains, field by field, why a registry rejects a local version: Avro's own reader/writer check of the
 * local version against the registry versions the subject's level compares it with, in the directions the
 * level requires. Registries' own messages vary in detail; this names the field and the rule for every one.
 */
public final class RegistryDisagreement {

    private RegistryDisagreement() {
    }

    /** One line per Avro incompatibility between {@code local} and the relevant {@code registered} versions. */
    public static List<String> explain(SchemaVersion local, List<SubjectVersion> registered, CompatibilityLevel level) {
        List<String> lines = new ArrayList<>();
        if (registered.isEmpty() || level == CompatibilityLevel.NONE) {
            return lines;
        }
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
        boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
        List<SubjectVersion> against = transitive ? registered : List.of(registered.getLast());
        for (SubjectVersion other : against) {
            String theirs = "registry version " + other.version() + " (id " + other.id() + ")";
            if (backward) {
                collect(local.schema(), other.schema(), local.label(), theirs, lines);
            }
            if (forward) {
                collect(other.schema(), local.schema(), theirs, local.label(), lines);
            }
        }
        return lines;
    }

    private static void collect(Schema reader, Schema writer, String readerName, String writerName, List<String> out) {
        for (LocatedIncompatibility incompatibility : ReaderWriterCheck.between(reader, writer)) {
            out.add("reader " + readerName + " cannot read writer " + writerName + " at " + incompatibility.where() + ": "
                    + incompatibility.rule() + " '" + incompatibility.detail() + "'");
        }
    }
}
