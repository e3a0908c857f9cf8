package dev.doorbell.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent schema-registry REST API (Confluent Schema Registry, Apicurio's {@code ccompat}
 * API, …) for Avro schemas.
 *
 * <p>Ids are cached both ways (subject+schema → id, id → schema): an id never changes its schema, so cached
 * answers never go stale. Thread-safe. Every call is bounded by the {@link RegistryConfig} timeouts and fails
 * with a {@link RegistryException} subtype.
 */
public final class SchemaRegistryClient implements SchemaRegistry, AutoCloseable {

    private record SubjectSchema(String subject, Schema schema) { }

    private final RegistryHttp http;
    private final Map<SubjectSchema, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(RegistryConfig config) {
        this.http = new RegistryHttp(config);
    }

    /**
     * Registers {@code schema} under {@code subject} (idempotent for a schema already there).
     *
     * @return the schema id
     * @throws IncompatibleSchemaException if the subject's compatibility level rejects it
     * @throws InvalidSchemaException      if the registry cannot parse it
     */
    @Override
    public int register(String subject, Schema schema) {
        return cachedId(subject, schema, "/subjects/" + RegistryHttp.segment(subject) + "/versions");
    }

    /**
     * The id of {@code schema} if it is registered under {@code subject}; registers nothing.
     *
     * @throws SubjectNotFoundException or {@link SchemaNotFoundException} if it is not registered there
     */
    @Override
    public int lookup(String subject, Schema schema) {
        return cachedId(subject, schema, "/subjects/" + RegistryHttp.segment(subject));
    }

    // No HTTP inside ConcurrentHashMap.compute: a slow registry must not block other keys' bins.
    private int cachedId(String subject, Schema schema, String path) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = http.post(path, schemaBody(schema)).path("id").asInt();
        idsBySchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * The schema with this id.
     *
     * @throws SchemaNotFoundException if no schema has it
     */
    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parse(http.get("/schemas/ids/" + id).path("schema").asText());
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /** The version numbers of {@code subject}, oldest first. */
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        http.get("/subjects/" + RegistryHttp.segment(subject) + "/versions").forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    /** One version of {@code subject}. */
    public SubjectVersion version(String subject, int version) {
        return subjectVersion(subject, Integer.toString(version));
    }

    /** The newest version of {@code subject}. */
    public SubjectVersion latest(String subject) {
        return subjectVersion(subject, "latest");
    }

    private SubjectVersion subjectVersion(String subject, String version) {
        JsonNode answer = http.get("/subjects/" + RegistryHttp.segment(subject) + "/versions/" + version);
        int id = answer.path("id").asInt();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = parse(answer.path("schema").asText());
            schemasById.putIfAbsent(id, schema);
        }
        return new SubjectVersion(subject, answer.path("version").asInt(), id, schema);
    }

    /** The compatibility level set on {@code subject} itself; empty if it has none (the global one applies). */
    public Optional<CompatibilityLevel> compatibility(String subject) {
        try {
            return Optional.of(level(http.get("/config/" + RegistryHttp.segment(subject))));
        } catch (SubjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Sets {@code subject}'s compatibility level; returns the level the registry confirmed. */
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = http.json().createObjectNode().put("compatibility", level.name());
        return level(http.put("/config/" + RegistryHttp.segment(subject), body));
    }

    /** Asks whether {@code schema} would be accepted as the next version of {@code subject}. */
    public CompatibilityCheck testCompatibility(String subject, Schema schema) {
        JsonNode answer = http.post("/compatibility/subjects/" + RegistryHttp.segment(subject)
                + "/versions/latest?verbose=true", schemaBody(schema));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityCheck(answer.path("is_compatible").asBoolean(false), messages);
    }

    private ObjectNode schemaBody(Schema schema) {
        return http.json().createObjectNode().put("schema", schema.toString());
    }

    private static CompatibilityLevel level(JsonNode answer) {
        JsonNode level = answer.hasNonNull("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null) {
            throw new RegistryException.Unexpected("no compatibility level in registry answer " + answer, 200, 0);
        }
        return CompatibilityLevel.valueOf(level.asText());
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    @Override
    public void close() {
        http.close();
    }
}
