package dev.doorbell.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry reads a governance command needs beyond {@link SchemaRegistryClient}: the subject list and the
 * global compatibility level. Same Confluent REST API, same {@link RegistryConfig} timeouts.
 */
public final class RegistryCatalog implements AutoCloseable {

    private final RegistryConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public RegistryCatalog(RegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /** The registry's API root, for messages. */
    public String baseUrl() {
        return config.baseUrl().toString();
    }

    /** Every subject, in name order. */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        get("/subjects").forEach(s -> subjects.add(s.asText()));
        return subjects.stream().sorted().toList();
    }

    /** The registry's global compatibility level. */
    public CompatibilityLevel globalLevel() {
        JsonNode answer = get("/config");
        JsonNode level = answer.hasNonNull("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null) {
            throw new SchemaGovernanceFailure("no compatibility level in registry answer " + answer);
        }
        return CompatibilityLevel.valueOf(level.asText());
    }

    /** The level {@code registry} applies to {@code subject}: its own, else the global one. */
    public SubjectLevel levelOf(SchemaRegistryClient registry, String subject) {
        return registry.compatibility(subject)
                .map(level -> new SubjectLevel(level, false))
                .orElseGet(() -> new SubjectLevel(globalLevel(), true));
    }

    private JsonNode get(String path) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaGovernanceFailure("schema registry unreachable: GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaGovernanceFailure("interrupted waiting for GET " + uri, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaGovernanceFailure("GET " + uri + " -> " + response.statusCode() + ": " + oneLine(response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaGovernanceFailure("GET " + uri + ": not JSON: " + oneLine(response.body()), e);
        }
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        http.close();
    }
}
