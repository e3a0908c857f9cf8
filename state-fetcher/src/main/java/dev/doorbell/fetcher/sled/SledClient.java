package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches VMM states from sleds over their versioned HTTP API. Build one with
 * {@link SledClients#create(SledClientConfig)}; one client serves every sled.
 *
 * <p>Contract of {@link #fetch}:
 * <ul>
 *   <li>It does not block and does not throw (except {@link NullPointerException} for null
 *       arguments); the future never completes exceptionally and maps every distinct id asked for
 *       to a {@link VmmFetchResult}.</li>
 *   <li>With {@code version >= 2.0.0} and more than one id it sends one {@code POST /vmms/states}
 *       per 1,000 ids (the API's limit); otherwise one
 *       {@code GET /vmms/{id}/state} per id. Every request names {@code version} in the
 *       {@code api-version} header and has the configured connect and request timeouts.</li>
 *   <li>A 400 (dropshot's answer to a version the sled does not speak; it lists none) gives
 *       {@link VmmFetchResult.VersionRejected} for every id of that request: the caller falls back
 *       to an older version and asks again. Only a 404 carrying {@code error_code}
 *       {@code NO_SUCH_INSTANCE} (or an id in a batch's {@code unknown_ids}) is
 *       {@link VmmFetchResult.NotFound}; every other answer is a retryable
 *       {@link VmmFetchResult.Failed}. A batch answered 404 or 405 (a sled that accepts the version
 *       but lacks the batch endpoint in it) falls back to one GET per id of that batch, in the same
 *       version.</li>
 *   <li>The future is completed on the client's own threads (or, if everything failed at once,
 *       before {@code fetch} returns). Dependent actions must be short and must not block: enqueue
 *       the results and return.</li>
 * </ul>
 * Implementations are thread-safe. {@link #close()} aborts requests in flight (their ids complete
 * as retryable failures) and frees the client's threads and connections.
 */
public interface SledClient extends AutoCloseable {

    CompletableFuture<Map<UUID, VmmFetchResult>> fetch(SledTarget sled, List<UUID> vmmIds, ApiVersion version);

    @Override
    void close();
}
