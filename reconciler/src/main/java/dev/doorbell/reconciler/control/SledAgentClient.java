package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.control.SledUnavailableException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Calls a sled-agent's state-changing endpoints over HTTP and answers the {@link SledVmmState} the
 * sled returns, and reads many VMMs' states at once ({@link #states}, for the watcher sweep). Every call has a connect and a request timeout; nothing is retried here (the
 * control API answers 503 and the caller may retry: ensure is idempotent on the sled).
 * Thread-safe.
 */
public final class SledAgentClient {

    private static final int MAX_DETAIL = 300;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = Json.mapper();
    /** Reads the bulk answers, keyed by VMM ids. */
    private final ObjectMapper idKeyed = Json.idKeyedMapper();

    public SledAgentClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** {@code PUT /vmms/{id}}: creates the VMM on the sled (or answers its state if it exists for this instance). */
    public SledVmmState ensure(SledEndpoint sled, UUID vmmId, EnsureBody body) throws SledUnavailableException, SledRejectedException {
        return call(sled, "PUT", "/vmms/" + vmmId, body);
    }

    /** {@code PUT /vmms/{id}/state}: asks for a state change and answers the resulting state. */
    public SledVmmState requestState(SledEndpoint sled, UUID vmmId, StateChangeBody body)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, "PUT", "/vmms/" + vmmId + "/state", body);
    }

    /** {@code POST /vmms/{id}/migration-failed}: tells a migration's one side that the other failed. */
    public SledVmmState migrationFailed(SledEndpoint sled, UUID vmmId, UUID migrationId)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, "POST", "/vmms/" + vmmId + "/migration-failed", Map.of("migration_id", migrationId));
    }

    /**
     * {@code POST /vmms/states} (API 2.0.0+): the states of {@code ids} (at most
     * {@link VmmStatesRequest#MAX_IDS}) as the sled knows them, and the ids it does not know. A sled
     * whose version (the endpoint's) lacks the route answers 404, a {@link SledRejectedException}.
     */
    public VmmStatesResponse states(SledEndpoint sled, List<UUID> ids)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, "POST", "/vmms/states", batch(ids), VmmStatesResponse.class, idKeyed);
    }

    /**
     * {@link #states}, read for the watcher sweep's comparison only: each VMM's generations and migration ids
     * ({@link VmmGenerations}), every other field of the answer skipped.
     */
    public VmmGenerations generations(SledEndpoint sled, List<UUID> ids)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, "POST", "/vmms/states", batch(ids), VmmGenerations.class, idKeyed);
    }

    /**
     * {@code GET /vmms/{id}/state} (every API version): the VMM's state as the sled knows it, empty if the
     * sled answers 404 {@code NO_SUCH_INSTANCE}.
     */
    public Optional<SledVmmState> state(SledEndpoint sled, UUID vmmId) throws SledUnavailableException, SledRejectedException {
        try {
            return Optional.of(call(sled, "GET", "/vmms/" + vmmId + "/state", null, SledVmmState.class));
        } catch (SledRejectedException e) {
            if (e.noSuchInstance()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static VmmStatesRequest batch(List<UUID> ids) {
        if (ids.size() > VmmStatesRequest.MAX_IDS) {
            throw new IllegalArgumentException("at most " + VmmStatesRequest.MAX_IDS + " ids per request, got " + ids.size());
        }
        return new VmmStatesRequest(ids);
    }

    private SledVmmState call(SledEndpoint sled, String method, String path, Object body)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, method, path, body, SledVmmState.class);
    }

    private <T> T call(SledEndpoint sled, String method, String path, Object body, Class<T> answer)
            throws SledUnavailableException, SledRejectedException {
        return call(sled, method, path, body, answer, json);
    }

    private <T> T call(SledEndpoint sled, String method, String path, Object body, Class<T> answer, ObjectMapper reader)
            throws SledUnavailableException, SledRejectedException {
        URI uri = sled.resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header(ApiVersion.HEADER, sled.apiVersion().toString())
                .header("accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                builder.header("content-type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a sled request body", e);
            }
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new SledUnavailableException(sled.sledId(), Kind.UNREACHABLE, "sled " + sled.sledId() + " at "
                    + sled.address() + " is unreachable: " + describe(e), e);
        } catch (HttpTimeoutException e) {
            throw new SledUnavailableException(sled.sledId(), Kind.TIMED_OUT, "sled " + sled.sledId() + " at " + sled.address()
                    + " timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SledUnavailableException(sled.sledId(), Kind.UNREACHABLE, "sled " + sled.sledId() + " at "
                    + sled.address() + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SledUnavailableException(sled.sledId(), Kind.FAILED, "interrupted while calling sled " + sled.sledId(), e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return reader.readValue(response.body(), answer);
            } catch (IOException e) {
                throw new SledUnavailableException(sled.sledId(), Kind.FAILED, "sled " + sled.sledId()
                        + " answered an unreadable state", e);
            }
        }
        ErrorBody error = errorBody(response.body());
        if (status >= 400 && status < 500) {
            throw new SledRejectedException(sled.sledId(), status, error.code(), error.message());
        }
        throw new SledUnavailableException(sled.sledId(), Kind.FAILED, "sled " + sled.sledId() + " answered " + status + ": "
                + error.message(), null);
    }

    /** What an error answer says: dropshot's {@code error_code} (may be absent) and {@code message}, or a problem's {@code detail}. */
    private record ErrorBody(String code, String message) {}

    private ErrorBody errorBody(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                String code = node.hasNonNull("error_code") ? node.get("error_code").asText() : null;
                if (node.hasNonNull("message")) {
                    return new ErrorBody(code, truncate(node.get("message").asText()));
                }
                if (node.hasNonNull("detail")) {
                    return new ErrorBody(code, truncate(node.get("detail").asText()));
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        return new ErrorBody(null, truncate(new String(body, StandardCharsets.UTF_8)));
    }

    /** A reason fit for a problem detail: what went wrong, not which class said so. */
    private static String describe(IOException e) {
        String message = e.getMessage();
        String what = switch (e) {
            case ConnectException c -> "connection refused";
            case UnknownHostException u -> "unknown host";
            case HttpConnectTimeoutException t -> "connect timed out";
            default -> "I/O error";
        };
        return message == null || message.isBlank() ? what : what + " (" + message + ")";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
