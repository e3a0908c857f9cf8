package dev.doorbell.sledsim.notify;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Sends one notification asynchronously. The future may also complete exceptionally (then: retry). */
@FunctionalInterface
public interface Transport<T> {
    CompletableFuture<DeliveryOutcome> send(UUID vmmId, T payload);
}
