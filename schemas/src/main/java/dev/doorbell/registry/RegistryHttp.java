package dev.doorbell.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP exchange with a Confluent-compatible registry: JSON in and out with the registry's content type, a
 * timeout on every request, and error answers turned into the typed {@link RegistryException}s.
 */
final class RegistryHttp implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final RegistryConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHttp(RegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    ObjectMapper json() {
        return json;
    }

    static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnreachableException(
                    "schema registry unreachable: " + method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("interrupted waiting for " + method + " " + uri, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return answer;
        }
        throw error(method + " " + uri, response.statusCode(), answer, response.body());
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.nullNode();
        }
    }

    private static RegistryException error(String call, int status, JsonNode answer, String rawBody) {
        int code = answer.path("error_code").asInt(0);
        String message = call + " -> " + status
                + (code != 0 ? " (error_code " + code + ")" : "")
                + ": " + (answer.hasNonNull("message") ? answer.get("message").asText() : rawBody);
        if (status == 409 || code == 409) {
            return new IncompatibleSchemaException(message, status, code);
        }
        return switch (code) {
            case 40401 -> new SubjectNotFoundException(message, status, code);
            case 40402 -> new VersionNotFoundException(message, status, code);
            case 40403 -> new SchemaNotFoundException(message, status, code);
            case 42201 -> new InvalidSchemaException(message, status, code);
            default -> status == 422 && code == 0
                    ? new InvalidSchemaException(message, status, code)
                    : new RegistryException.Unexpected(message, status, code);
        };
    }

    @Override
    public void close() {
        http.close();
    }
}
