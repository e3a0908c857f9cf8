package dev.doorbell.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry fake for pure unit tests of the wire format only (integration tests use the real registry).
 * Not thread-safe; ids start at 1 and are shared across subjects, as in Confluent's registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, Map<Schema, Integer>> subjects = new HashMap<>();

    @Override
    public int register(String subject, Schema schema) {
        int id = ids.computeIfAbsent(schema, s -> {
            int next = ids.size() + 1;
            schemas.put(next, s);
            return next;
        });
        subjects.computeIfAbsent(subject, s -> new HashMap<>()).put(schema, id);
        return id;
    }

    @Override
    public int lookup(String subject, Schema schema) {
        Map<Schema, Integer> registered = subjects.get(subject);
        if (registered == null) {
            throw new SubjectNotFoundException("Subject '" + subject + "' not found.", 404, 40401);
        }
        Integer id = registered.get(schema);
        if (id == null) {
            throw new SchemaNotFoundException("schema not under " + subject, 404, 40403);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found", 404, 40403);
        }
        return schema;
    }
}
