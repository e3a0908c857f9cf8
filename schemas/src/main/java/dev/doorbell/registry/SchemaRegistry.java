package dev.doorbell.registry;

import org.apache.avro.Schema;

/**
 * What a serde needs from a schema registry: ids for schemas and schemas for ids. {@link SchemaRegistryClient}
 * is the real one; an id, once given, always names the same schema.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} if needed; returns its id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} as already registered under {@code subject}; registers nothing. */
    int lookup(String subject, Schema schema);

    /** The schema with id {@code id}; {@link SchemaNotFoundException} if none. */
    Schema schemaById(int id);
}
