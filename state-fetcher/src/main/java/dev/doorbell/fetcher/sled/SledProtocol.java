package dev.doorbell.fetcher.sled;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.doorbell.fetcher.sled.SledExchange.SledReply;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.VmmStatesRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link SledClient} contract over any {@link SledExchange}: which requests a fetch sends
 * (batches or single GETs), and how their answers and failures become one result per id.
 * Thread-safe; holds no per-fetch state.
 */
final class SledProtocol {
    private final SledExchange exchange;
    private final SledReplies replies = new SledReplies();
    private final ObjectWriter batchWriter = Json.mapper().writerFor(VmmStatesRequest.class);

    SledProtocol(SledExchange exchange) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
    }

    CompletableFuture<Map<UUID, VmmFetchResult>> fetch(SledTarget sled, List<UUID> vmmIds, ApiVersion version) {
        Objects.requireNonNull(sled, "sled");
        Objects.requireNonNull(vmmIds, "vmmIds");
        Objects.requireNonNull(version, "version");
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(vmmIds));
        try {
            if (ids.isEmpty()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            List<CompletableFuture<Map<UUID, VmmFetchResult>>> parts = new ArrayList<>();
            if (version.supportsBatchStates() && ids.size() > 1) {
                // the fetcher's own batches are smaller (FetcherSettings.maxBatch); longer lists split at the API's limit
                for (int from = 0; from < ids.size(); from += VmmStatesRequest.MAX_IDS) {
                    parts.add(batch(sled, ids.subList(from, Math.min(ids.size(), from + VmmStatesRequest.MAX_IDS)), version));
                }
            } else {
                for (UUID id : ids) {
                    parts.add(single(sled, id, version));
                }
            }
            return merge(parts, ids);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(SledReplies.all(ids, SledReplies.transportFailure(e)));
        }
    }

    private CompletableFuture<Map<UUID, VmmFetchResult>> single(SledTarget sled, UUID id, ApiVersion version) {
        return send(() -> exchange.get(sled.stateOf(id), version))
                .handle((reply, error) -> Map.of(id, error != null
                        ? SledReplies.transportFailure(error)
                        : replies.single(reply, version)));
    }

    // VmmStatesRequest checks ids.contains(null), which an immutable list answers with an NPE: pass a mutable copy
    private CompletableFuture<Map<UUID, VmmFetchResult>> batch(SledTarget sled, List<UUID> ids, ApiVersion version) {
        return send(() -> exchange.post(sled.batchStates(), version, batchWriter.writeValueAsBytes(new VmmStatesRequest(new ArrayList<>(ids)))))
                .handle((reply, error) -> {
                    if (error != null) {
                        return CompletableFuture.completedFuture(SledReplies.all(ids, SledReplies.transportFailure(error)));
                    }
                    if (replies.isMissingBatchEndpoint(reply)) {
                        List<CompletableFuture<Map<UUID, VmmFetchResult>>> singles = new ArrayList<>();
                        for (UUID id : ids) {
                            singles.add(single(sled, id, version));
                        }
                        return merge(singles, ids);
                    }
                    return CompletableFuture.completedFuture(replies.batch(reply, ids, version));
                })
                .thenCompose(f -> f);
    }

    /** Parts never fail (each handles its own errors), so neither does the merge. */
    private static CompletableFuture<Map<UUID, VmmFetchResult>> merge(
            List<CompletableFuture<Map<UUID, VmmFetchResult>>> parts, List<UUID> ids) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((ignored, error) -> {
            Map<UUID, VmmFetchResult> results = new LinkedHashMap<>();
            for (CompletableFuture<Map<UUID, VmmFetchResult>> part : parts) {
                if (!part.isCompletedExceptionally()) {
                    results.putAll(part.join());
                }
            }
            for (UUID id : ids) {
                if (!results.containsKey(id)) {
                    results.put(id, SledReplies.transportFailure(error != null ? error : new IllegalStateException("no result")));
                }
            }
            return Collections.unmodifiableMap(results);
        });
    }

    /** Turns a synchronous throw from the library (e.g. a closed client) into a failed future. */
    private static CompletableFuture<SledReply> send(ThrowingSupplier<CompletableFuture<SledReply>> request) {
        try {
            return request.get();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
