package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The control API calls a simulated fleet makes: register a sled ({@code PUT /v1/sleds/{id}}),
 * create an instance ({@code POST /v1/instances}), start it on a sled
 * ({@code POST /v1/instances/{id}/start} with {@code sled_id}) and read its active VMM
 * ({@code GET /v1/instances/{id}}). Every failure is a {@link ControlApiException}. Thread-safe; the
 * control API's address is read on every call, so a client follows a reconciler that restarts on
 * another port.
 */
public final class ControlPlaneClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A start holds its instance while it calls the sled: the reconciler bounds that call, this bounds the whole. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<URI> controlUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final ObjectMapper mapper = Json.mapper();

    /** @param controlUrl the reconciler's base URL, read on every call */
    public ControlPlaneClient(Supplier<URI> controlUrl) {
        this.controlUrl = Objects.requireNonNull(controlUrl, "controlUrl");
    }

    public ControlPlaneClient(URI controlUrl) {
        this(() -> controlUrl);
    }

    /** Registers (or re-registers) a sled at {@code address}, speaking {@code versions}. */
    public void registerSled(UUID sledId, URI address, Set<ApiVersion> versions) {
        ObjectNode body = mapper.createObjectNode().put("address", address.toString());
        versions.stream().sorted().map(ApiVersion::toString).forEach(body.putArray("api_versions")::add);
        send("PUT", "/v1/sleds/" + sledId, body);
    }

    /** Creates an instance named {@code name}; @return its id */
    public UUID createInstance(String name) {
        return UUID.fromString(send("POST", "/v1/instances", mapper.createObjectNode().put("name", name)).path("id").asText());
    }

    /** Starts the instance on {@code sledId}: the control plane places a new VMM there. */
    public StartedVmm start(UUID instanceId, UUID sledId) {
        JsonNode answer = send("POST", "/v1/instances/" + instanceId + "/start",
                mapper.createObjectNode().put("sled_id", sledId.toString()));
        return new StartedVmm(instanceId, UUID.fromString(answer.path("vmm_id").asText()), UUID.fromString(answer.path("sled_id").asText()));
    }

    /** @return the instance's active VMM as the database shows it, empty if it has none */
    public Optional<UUID> activeVmm(UUID instanceId) {
        JsonNode active = send("GET", "/v1/instances/" + instanceId, null).path("active_vmm_id");
        return active.isTextual() ? Optional.of(UUID.fromString(active.asText())) : Optional.empty();
    }

    private JsonNode send(String method, String path, JsonNode body) {
        String call = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(REQUEST_TIMEOUT);
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? mapper.createObjectNode() : readOrText(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new ControlApiException(call, response.statusCode(), answer.path("detail").asText(answer.path("title").asText("")));
            }
            return answer;
        } catch (IOException e) {
            throw new ControlApiException(call, 0, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlApiException(call, 0, "interrupted");
        }
    }

    /** A body that is not JSON (a proxy's error page) becomes a problem with that text as its detail. */
    private JsonNode readOrText(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.createObjectNode().put("detail", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    private String base() {
        String url = controlUrl.get().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        http.close();
    }
}
