package dev.doorbell.sledsim.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Backoff;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.sledsim.StateChangeListener;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Mode {@code upcall-body}: the legacy upcall, {@code PUT <gateway>/v1/vmms/{id}} with the full
 * state as JSON in the 1.0.0 shape (the upcall's types are client-side versioned and never change).
 * Retried with exponential backoff, each retry sending the newest state; never blocks the caller.
 */
public final class UpcallBodyNotifier implements StateChangeListener, AutoCloseable {
    private final ObjectMapper mapper = Json.mapper();
    private final GatewayClient gateway;
    private final CoalescingSender<SledVmmState> sender;

    public UpcallBodyNotifier(URI gatewayUrl, Backoff backoff, ScheduledExecutorService retries) {
        this.gateway = new GatewayClient(gatewayUrl);
        this.sender = new CoalescingSender<>(this::put, backoff, retries);
    }

    private CompletableFuture<DeliveryOutcome> put(UUID vmmId, SledVmmState state) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(state.inShapeOf(ApiVersion.V1));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return gateway.send("PUT", "/v1/vmms/" + vmmId, HttpRequest.BodyPublishers.ofByteArray(body), "application/json");
    }

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        sender.submit(vmmId, state);
    }

    public CoalescingSender<SledVmmState> sender() {
        return sender;
    }

    @Override
    public void close() {
        sender.close();
        gateway.close();
    }
}
