package dev.doorbell.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The HTTP calls the demo makes: the reconciler's control and read APIs, and the sleds' own API
 * ({@code GET /vmms/{id}/state} in version 2.0.0, {@code POST /vmms/{id}/fault}). Thread-safe.
 */
public final class StackClient implements AutoCloseable {

    /** A sled as {@code GET /v1/sleds} lists it. */
    public record SledInfo(UUID id, URI address, String state) {}

    private final String control;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = Json.mapper();

    public StackClient(URI controlUrl) {
        this.control = controlUrl.toString().replaceAll("/+$", "");
    }

    public UUID createInstance(String name) throws IOException, InterruptedException {
        JsonNode created = send("POST", control + "/v1/instances", mapper.createObjectNode().put("name", name), null);
        return UUID.fromString(created.path("id").asText());
    }

    /** Starts the instance on {@code sled}; returns the new VMM's id. */
    public UUID start(UUID instance, UUID sled) throws IOException, InterruptedException {
        JsonNode body = sled == null ? null : mapper.createObjectNode().put("sled_id", sled.toString());
        return UUID.fromString(send("POST", control + "/v1/instances/" + instance + "/start", body, null).path("vmm_id").asText());
    }

    public void stop(UUID instance) throws IOException, InterruptedException {
        send("POST", control + "/v1/instances/" + instance + "/stop", null, null);
    }

    public void reboot(UUID instance) throws IOException, InterruptedException {
        send("POST", control + "/v1/instances/" + instance + "/reboot", null, null);
    }

    /** Starts a live migration; returns the target VMM's id. */
    public UUID migrate(UUID instance, UUID targetSled) throws IOException, InterruptedException {
        JsonNode answer = send("POST", control + "/v1/instances/" + instance + "/migrate",
                mapper.createObjectNode().put("target_sled_id", targetSled.toString()), null);
        return UUID.fromString(answer.path("target_vmm_id").asText());
    }

    public void sledOff(UUID sled) throws IOException, InterruptedException {
        send("POST", control + "/v1/sleds/" + sled + "/off", null, null);
    }

    /** Expunges the sled for good: the watcher fails its VMMs without calling it. */
    public void sledExpunge(UUID sled) throws IOException, InterruptedException {
        send("POST", control + "/v1/sleds/" + sled + "/expunge", null, null);
    }

    public JsonNode instance(UUID instance) throws IOException, InterruptedException {
        return send("GET", control + "/v1/instances/" + instance, null, null);
    }

    /** The VMM as the database records it ({@code GET /v1/vmms/{id}}), empty if it has no row yet. */
    public Optional<JsonNode> vmm(UUID vmm) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange("GET", control + "/v1/vmms/" + vmm, null, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse("GET /v1/vmms/" + vmm, response));
    }

    /** Every registered sled, following pages. */
    public List<SledInfo> sleds() throws IOException, InterruptedException {
        List<SledInfo> sleds = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = send("GET", control + "/v1/sleds" + (token == null ? "" : "?page_token=" + token), null, null);
            for (JsonNode sled : page.path("items")) {
                sleds.add(new SledInfo(UUID.fromString(sled.path("id").asText()), URI.create(sled.path("address").asText()),
                        sled.path("state").asText()));
            }
            token = page.path("next_page_token").isTextual() ? page.path("next_page_token").asText() : null;
        } while (token != null);
        return sleds;
    }

    /** Crashes the VMM on its sled. */
    public void fault(URI sled, UUID vmm, String reason) throws IOException, InterruptedException {
        send("POST", base(sled) + "/vmms/" + vmm + "/fault", mapper.createObjectNode().put("reason", reason), ApiVersion.V2.toString());
    }

    private JsonNode send(String method, String url, JsonNode body, String apiVersion) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(method, url, body, apiVersion);
        return parse(method + " " + URI.create(url).getPath(), response);
    }

    private JsonNode parse(String call, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            JsonNode problem = response.body().isBlank() ? null : mapper.readTree(response.body());
            String detail = problem == null ? "" : problem.path("detail").asText(problem.path("title").asText(response.body()));
            throw new DemoFailure(call + " answered HTTP " + response.statusCode() + (detail.isBlank() ? "" : ": " + detail));
        }
        return response.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(response.body());
    }

    private HttpResponse<String> exchange(String method, String url, JsonNode body, String apiVersion)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (apiVersion != null) {
            request.header(ApiVersion.HEADER, apiVersion);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(URI sled) {
        return sled.toString().replaceAll("/+$", "");
    }

    @Override
    public void close() {
        http.close();
    }
}
