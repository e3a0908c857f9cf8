package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A VMM as the database records it: the newest state applied, its generation and where it came from. */
public record VmmView(
        @JsonProperty("id") UUID id,
        @JsonProperty("instance_id") UUID instanceId,
        @JsonProperty("sled_id") UUID sledId,
        @JsonProperty("state") String state,
        @JsonProperty("gen") long gen,
        @JsonProperty("time_state_updated") Instant timeStateUpdated,
        @JsonProperty("failure_reason") String failureReason,
        @JsonProperty("last_source") String lastSource,
        @JsonProperty("last_observed_at") Instant lastObservedAt,
        @JsonProperty("time_created") Instant timeCreated) {
}
