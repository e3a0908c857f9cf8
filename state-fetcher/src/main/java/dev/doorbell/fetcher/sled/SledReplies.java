package dev.doorbell.fetcher.sled;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.fetcher.sled.SledExchange.SledReply;
import dev.doorbell.fetcher.sled.VmmFetchResult.Failed;
import dev.doorbell.fetcher.sled.VmmFetchResult.Found;
import dev.doorbell.fetcher.sled.VmmFetchResult.NotFound;
import dev.doorbell.fetcher.sled.VmmFetchResult.VersionRejected;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesResponse;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reads sled answers into {@link VmmFetchResult}s: the one place that classifies statuses,
 * bodies and transport failures. Sleds answer errors as dropshot does ({@code request_id},
 * {@code error_code}, {@code message}):
 * <ul>
 *   <li>200: {@code Found} (or, for a batch, per id: found, listed unknown, or omitted = failed);</li>
 *   <li>404 with {@code error_code} {@value #NO_SUCH_INSTANCE}: {@code NotFound};</li>
 *   <li>400: {@code VersionRejected} (the only thing a well-formed fetch can be refused for);</li>
 *   <li>anything else, any other 404 and a 410 included: a retryable {@code Failed}.</li>
 * </ul>
 * Thread-safe.
 */
final class SledReplies {
    /** omicron's sled-agent error code for a VMM it does not know (nexus: {@code vmm_gone()}). */
    static final String NO_SUCH_INSTANCE = "NO_SUCH_INSTANCE";
    private static final int MAX_ERROR_BODY = 200;

    private final ObjectMapper mapper = Json.mapper();
    private final ObjectReader stateReader = mapper.readerFor(SledVmmState.class);
    /** Keyed by VMM ids: names neither canonicalized nor interned ({@link Json#idKeyedMapper()}), as the sweep's bulk read. */
    final ObjectReader batchReader = Json.idKeyedMapper().readerFor(VmmStatesResponse.class);

    /** The answer to {@code GET /vmms/{id}/state}. */
    VmmFetchResult single(SledReply reply, ApiVersion version) {
        if (reply.status() == 200) {
            try {
                return new Found(stateReader.readValue(reply.body()), version);
            } catch (IOException | RuntimeException e) {
                return new Failed("malformed state from sled: " + oneLine(e.getMessage()), true);
            }
        }
        if (reply.status() == 404 && NO_SUCH_INSTANCE.equals(errorBody(reply).path("error_code").asText(null))) {
            return new NotFound(version);
        }
        return unexpected(reply);
    }

    /** The answer to {@code POST /vmms/states} for {@code ids} (a 200; see {@link #isMissingBatchEndpoint}). */
    Map<UUID, VmmFetchResult> batch(SledReply reply, List<UUID> ids, ApiVersion version) {
        if (reply.status() != 200) {
            return all(ids, unexpected(reply));
        }
        VmmStatesResponse response;
        try {
            response = batchReader.readValue(reply.body());
        } catch (IOException | RuntimeException e) {
            return all(ids, new Failed("malformed batch answer from sled: " + oneLine(e.getMessage()), true));
        }
        Set<UUID> unknown = new HashSet<>(response.unknownIds());
        NotFound notFound = new NotFound(version);
        Map<UUID, VmmFetchResult> results = new LinkedHashMap<>();
        for (UUID id : ids) {
            SledVmmState state = response.vmms().get(id);
            if (state != null) {
                results.put(id, new Found(state, version));
            } else if (unknown.contains(id)) {
                results.put(id, notFound);
            } else {
                results.put(id, new Failed("sled's batch answer omitted the VMM", true));
            }
        }
        return results;
    }

    /**
     * A batch answered 404 or 405: the sled accepted the version but has no batch endpoint in it
     * (dropshot answers a route missing in the request's version 404), so the ids are fetched one by one.
     */
    boolean isMissingBatchEndpoint(SledReply reply) {
        return reply.status() == 404 || reply.status() == 405;
    }

    /** A request that got no answer: refused, reset, timed out, or the client is closed. */
    static Failed transportFailure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + oneLine(cause.getMessage()));
        // an unusable address or request is a bug or bad directory data, not a passing condition
        boolean retryable = !(cause instanceof IllegalArgumentException);
        return new Failed(text, retryable);
    }

    static Map<UUID, VmmFetchResult> all(List<UUID> ids, VmmFetchResult result) {
        Map<UUID, VmmFetchResult> results = new LinkedHashMap<>();
        for (UUID id : ids) {
            results.put(id, result);
        }
        return results;
    }

    private VmmFetchResult unexpected(SledReply reply) {
        String message = message(reply);
        if (reply.status() == 400) {
            return new VersionRejected(message);
        }
        // Inconclusive, never "gone": a proxy's 404, a 410, a 5xx all back off and try again.
        return new Failed("sled answered " + reply.status() + (message.isEmpty() ? "" : ": " + message), true);
    }

    /** @return the error body as JSON, or a missing node if it is not a JSON object */
    private JsonNode errorBody(SledReply reply) {
        try {
            JsonNode tree = mapper.readTree(reply.body());
            return tree != null && tree.isObject() ? tree : mapper.missingNode();
        } catch (IOException | RuntimeException e) {
            return mapper.missingNode();
        }
    }

    /** dropshot's {@code message} (with its {@code error_code}), or a problem's {@code detail}, on one line; else empty. */
    private String message(SledReply reply) {
        JsonNode body = errorBody(reply);
        String text = body.hasNonNull("message") ? body.get("message").asText()
                : body.hasNonNull("detail") ? body.get("detail").asText() : "";
        String code = body.path("error_code").isTextual() ? body.get("error_code").asText() : null;
        return oneLine(code == null ? text : code + " " + text);
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_ERROR_BODY ? line : line.substring(0, MAX_ERROR_BODY) + "...";
    }
}
