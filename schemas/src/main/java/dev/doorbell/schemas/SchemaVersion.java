package dev.doorbell.schemas;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One published version of a subject's schema: {@code v<number>.avsc} in the history.
 *
 * @param subject the registry subject, e.g. {@code vmm.states-value}
 * @param number  the version, starting at 1
 * @param schema  the parsed schema
 */
public record SchemaVersion(String subject, int number, Schema schema) {

    public SchemaVersion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1, got " + number);
        }
    }

    /** {@code v1}, {@code v2}, … */
    public String label() {
        return "v" + number;
    }
}
