package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A VMM as the database records it: the newest state applied, its generation and where it came
 * from. {@code failure_reason} is omicron's closed set ({@code from_sled_agent},
 * {@code no_such_instance}, {@code sled_expunged}, {@code sled_off}), set only when the VMM failed;
 * {@code failure_detail} is what the sled said about a failure it reported (API 2.0.0).
 * {@code last_observed_at} is when the newest observation of the VMM (a state fetched from its sled,
 * or a failure the control plane marked) was made, whatever its generation; a watcher sweep that
 * finds the VMM in sync with its sled confirms it without fetching it, and does not move this time.
 */
public record VmmView(
        @JsonProperty("id") UUID id,
        @JsonProperty("instance_id") UUID instanceId,
        @JsonProperty("sled_id") UUID sledId,
        @JsonProperty("state") String state,
        @JsonProperty("gen") long gen,
        @JsonProperty("time_state_updated") Instant timeStateUpdated,
        @JsonProperty("failure_reason") String failureReason,
        @JsonProperty("failure_detail") String failureDetail,
        @JsonProperty("last_source") String lastSource,
        @JsonProperty("last_observed_at") Instant lastObservedAt,
        @JsonProperty("time_created") Instant timeCreated) {
}
