package dev.doorbell.sledsim.notify;

import dev.doorbell.model.Backoff;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.sledsim.StateChangeListener;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Mode {@code doorbell-http}: rings {@code POST <gateway>/v1/vmms/{id}/doorbell} without a body.
 * Rings for one VMM coalesce (at most one in flight, one more after it); failures are retried
 * with backoff. Never blocks the caller.
 */
public final class DoorbellHttpNotifier implements StateChangeListener, Doorbell, AutoCloseable {
    private final GatewayClient gateway;
    private final CoalescingSender<Boolean> sender;

    public DoorbellHttpNotifier(URI gatewayUrl, Backoff backoff, ScheduledExecutorService retries) {
        this.gateway = new GatewayClient(gatewayUrl);
        this.sender = new CoalescingSender<>((vmmId, ignored) -> gateway.send("POST", "/v1/vmms/" + vmmId + "/doorbell",
                HttpRequest.BodyPublishers.noBody(), null), backoff, retries);
    }

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        ring(vmmId);
    }

    @Override
    public void ring(UUID vmmId) {
        sender.submit(vmmId, Boolean.TRUE);
    }

    public CoalescingSender<Boolean> sender() {
        return sender;
    }

    @Override
    public void close() {
        sender.close();
        gateway.close();
    }
}
