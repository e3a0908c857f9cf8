package dev.doorbell.gateway;

import dev.doorbell.model.SledVmmState;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Where the gateway's {@link UpcallMode#BODY} mode publishes the state an upcall carried. */
public interface UpcallBodySink {

    /**
     * Publishes {@code state} of {@code vmmId} as a {@code legacy-upcall-body} observation. The stage
     * completes once the observation is durably acknowledged, exceptionally if it could not be.
     */
    CompletionStage<Void> publish(UUID vmmId, Optional<UUID> sledId, SledVmmState state);
}
