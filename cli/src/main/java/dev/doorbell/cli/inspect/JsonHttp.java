package dev.doorbell.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** GETs JSON from Doorbell's HTTP services, each call bounded by a timeout; a failure to reach one is an {@link IOException}. */
final class JsonHttp implements AutoCloseable {

    /** A response: its status and its body as JSON (an empty object when the body is not JSON). */
    record Answer(int status, JsonNode body) {
        /** The problem's {@code detail} (or {@code title}), for messages. */
        String detail() {
            return body.path("detail").asText(body.path("title").asText("HTTP " + status));
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = Json.mapper();

    JsonHttp(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    ObjectMapper mapper() {
        return json;
    }

    Answer get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException notJson) {
            body = json.createObjectNode();
        }
        return new Answer(response.statusCode(), body);
    }

    /** Why a call failed, in a few words: "connection refused", "timed out after 5 s", ... */
    static String why(IOException e) {
        return switch (e) {
            case ConnectException c -> "connection refused";
            case HttpTimeoutException t -> "no answer within the timeout";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** {@code base} + {@code path}, whatever slash {@code base} ends with. */
    static URI resolve(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(b + path);
    }

    @Override
    public void close() {
        http.close();
    }
}
