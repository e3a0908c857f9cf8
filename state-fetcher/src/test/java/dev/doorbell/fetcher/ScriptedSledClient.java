package dev.doorbell.fetcher;

import dev.doorbell.fetcher.sled.SledClient;
import dev.doorbell.fetcher.sled.SledTarget;
import dev.doorbell.fetcher.sled.VmmFetchResult;
import dev.doorbell.model.ApiVersion;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A sled client whose requests the test answers by hand, so topology tests drive every outcome
 * and every interleaving with explicit time. (Integration tests use real sleds over HTTP.)
 */
final class ScriptedSledClient implements SledClient {

    record Request(SledTarget sled, List<UUID> ids, ApiVersion version, CompletableFuture<Map<UUID, VmmFetchResult>> answer) {
        void answerAll(Function<UUID, VmmFetchResult> result) {
            answer.complete(ids.stream().collect(Collectors.toMap(id -> id, result)));
        }

        boolean open() {
            return !answer.isDone();
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Map<UUID, VmmFetchResult>> fetch(SledTarget sled, List<UUID> vmmIds, ApiVersion version) {
        Request request = new Request(sled, List.copyOf(vmmIds), version, new CompletableFuture<>());
        requests.add(request);
        return request.answer();
    }

    Request last() {
        return requests.getLast();
    }

    List<Request> open() {
        return requests.stream().filter(Request::open).toList();
    }

    List<Request> to(UUID vmm) {
        return requests.stream().filter(r -> r.ids().contains(vmm)).toList();
    }

    @Override
    public void close() {}
}
