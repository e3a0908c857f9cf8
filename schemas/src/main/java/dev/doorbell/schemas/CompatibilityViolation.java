package dev.doorbell.schemas;

import java.util.Objects;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * One reason a reader version cannot read data written with a writer version.
 *
 * @param subject   the subject whose history was checked
 * @param newer     the newer of the two versions (the one being admitted)
 * @param older     the older version it was checked against
 * @param reader    the version acting as reader
 * @param writer    the version acting as writer
 * @param location  JSON pointer into the reader schema, as Avro reports it
 * @param fieldPath the same location as a field path in the reader schema, e.g. {@code outcome[SledVmmState].vmm_state}
 * @param rule      Avro's incompatibility type, e.g. {@code READER_FIELD_MISSING_DEFAULT}
 * @param detail    Avro's message, e.g. the name of the field that lacks a default
 */
public record CompatibilityViolation(
        String subject,
        SchemaVersion newer,
        SchemaVersion older,
        SchemaVersion reader,
        SchemaVersion writer,
        String location,
        String fieldPath,
        SchemaIncompatibilityType rule,
        String detail) {

    public CompatibilityViolation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * One line for a human, e.g. {@code vmm.states-value v3 is not FULL_TRANSITIVE-compatible with v1: reader v1
     * cannot read writer v3 at /fields/8 (foo): READER_FIELD_MISSING_DEFAULT 'foo'}.
     */
    public String describe() {
        String where = fieldPath.isEmpty() ? location : location + " (" + fieldPath + ")";
        return subject + " " + newer.label() + " is not FULL_TRANSITIVE-compatible with " + older.label()
                + ": reader " + reader.label() + " cannot read writer " + writer.label()
                + " at " + where + ": " + rule + " '" + detail + "'";
    }
}
