package dev.doorbell.cli.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The reconciler's read API as inspect uses it: {@code GET /v1/vmms/{id}}, {@code GET /v1/instances/{id}} and
 * {@code GET /v1/sleds/{id}}. An unknown VMM or an unreachable reconciler is an {@link InspectFailure}.
 */
final class ReadApiClient {

    private final String baseUrl;
    private final JsonHttp http;

    ReadApiClient(String baseUrl, JsonHttp http) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The VMM's row and its instance's state. */
    DatabaseView vmm(UUID vmm) {
        JsonHttp.Answer answer = get("/v1/vmms/" + vmm);
        if (answer.status() == 404) {
            throw new InspectFailure("no VMM " + vmm + " in the database (the reconciler at " + baseUrl + " does not know it)");
        }
        if (answer.status() != 200) {
            throw new InspectFailure("the reconciler at " + baseUrl + " answered " + answer.status() + " for VMM " + vmm + ": "
                    + answer.detail());
        }
        VmmView view = read(answer, VmmView.class);
        return new DatabaseView(view, view.instanceId() == null ? Optional.empty() : instanceState(view.instanceId()));
    }

    /** The sled's registration, empty if the reconciler does not know it. */
    Optional<SledView> sled(UUID sled) {
        JsonHttp.Answer answer = get("/v1/sleds/" + sled);
        return answer.status() == 200 ? Optional.of(read(answer, SledView.class)) : Optional.empty();
    }

    private Optional<String> instanceState(UUID instance) {
        JsonHttp.Answer answer = get("/v1/instances/" + instance);
        return answer.status() == 200 && answer.body().path("state").isTextual()
                ? Optional.of(answer.body().path("state").asText()) : Optional.empty();
    }

    private JsonHttp.Answer get(String path) {
        try {
            return http.get(JsonHttp.resolve(baseUrl, path));
        } catch (IOException e) {
            throw new InspectFailure("the reconciler at " + baseUrl + " is unreachable: " + JsonHttp.why(e));
        }
    }

    private <T> T read(JsonHttp.Answer answer, Class<T> type) {
        try {
            return http.mapper().treeToValue(answer.body(), type);
        } catch (JsonProcessingException e) {
            throw new InspectFailure("the reconciler at " + baseUrl + " answered an unreadable " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }
}
