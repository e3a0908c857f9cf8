package dev.doorbell.schemas;

import java.util.Objects;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * One reason a reader schema cannot read data written with a writer schema, located down to the field.
 *
 * @param location  JSON pointer into the reader schema, e.g. {@code /fields/7/type/0/fields/0/type/fields/1}
 * @param fieldPath the same place as a field path, e.g. {@code outcome[SledVmmState].vmm_state.gen}; empty for the root
 * @param rule      Avro's incompatibility type, e.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE}
 * @param detail    Avro's message, e.g. the name of the field that lacks a default
 */
public record LocatedIncompatibility(String location, String fieldPath, SchemaIncompatibilityType rule, String detail) {

    public LocatedIncompatibility {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(rule, "rule");
    }

    /** Where, for a human: the pointer followed by the field path when there is one. */
    public String where() {
        return fieldPath.isEmpty() ? location : location + " (" + fieldPath + ")";
    }
}
