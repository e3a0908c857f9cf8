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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reads sled answers into {@link VmmFetchResult}s: the one place that classifies statuses,
 * bodies and transport failures. Thread-safe.
 */
final class SledReplies {
    private static final int MAX_ERROR_BODY = 200;

    private final ObjectMapper mapper = Json.mapper();
    private final ObjectReader stateReader = mapper.readerFor(SledVmmState.class);
    private final ObjectReader batchReader = mapper.readerFor(VmmStatesResponse.class);

    /** The answer to {@code GET /vmms/{id}/state}. */
    VmmFetchResult single(SledReply reply, ApiVersion version) {
        if (reply.status() == 200) {
            try {
                return new Found(stateReader.readValue(reply.body()), version);
            } catch (IOException | RuntimeException e) {
                return new Failed("malformed state from sled: " + oneLine(e.getMessage()), true);
            }
        }
        if (reply.status() == 404) {
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
     * A batch answered 404 or 405 without naming supported versions: the sled accepted the version
     * but has no batch endpoint, so the ids are fetched one by one.
     */
    boolean isMissingBatchEndpoint(SledReply reply) {
        return (reply.status() == 404 || reply.status() == 405) && supportedVersions(reply).isEmpty();
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
        int status = reply.status();
        if (status == 400) {
            Optional<List<ApiVersion>> supported = supportedVersions(reply);
            if (supported.isPresent()) {
                return new VersionRejected(supported.get());
            }
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        return new Failed("sled answered " + status + describe(reply), retryable);
    }

    /** @return the {@code supported_versions} of a problem answer, oldest first, if it names any */
    private Optional<List<ApiVersion>> supportedVersions(SledReply reply) {
        try {
            JsonNode tree = mapper.readTree(reply.body());
            JsonNode listed = tree == null ? null : tree.get("supported_versions");
            if (listed == null || !listed.isArray()) {
                return Optional.empty();
            }
            List<ApiVersion> versions = new ArrayList<>();
            for (JsonNode v : listed) {
                try {
                    versions.add(ApiVersion.parse(v.asText()));
                } catch (IllegalArgumentException e) {
                    // a version this client cannot read is one it cannot speak: skip it
                }
            }
            versions.sort(null);
            return Optional.of(List.copyOf(versions));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String describe(SledReply reply) {
        try {
            JsonNode tree = mapper.readTree(reply.body());
            if (tree != null && tree.hasNonNull("detail")) {
                return ": " + oneLine(tree.get("detail").asText());
            }
        } catch (IOException | RuntimeException e) {
            // not a problem document: say nothing more
        }
        return "";
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_ERROR_BODY ? line : line.substring(0, MAX_ERROR_BODY) + "...";
    }
}
