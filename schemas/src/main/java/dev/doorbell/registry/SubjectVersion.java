package dev.doorbell.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry holds it.
 *
 * @param subject the subject
 * @param version the registry's version number (1, 2, …)
 * @param id      the global schema id (the one on the wire)
 * @param schema  the schema
 */
public record SubjectVersion(String subject, int version, int id, Schema schema) {
    public SubjectVersion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
