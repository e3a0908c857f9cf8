package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.reconciler.read.InstanceView;
import java.util.UUID;

/**
 * What {@code start}, {@code stop} and {@code reboot} answer: the instance as the database shows it
 * right after the call (a stop or reboot reaches the database when its control response is
 * applied), the VMM acted on, its sled, and the state the sled answered.
 */
public record InstanceAction(
        @JsonProperty("instance") InstanceView instance,
        @JsonProperty("vmm_id") UUID vmmId,
        @JsonProperty("sled_id") UUID sledId,
        @JsonProperty("sled_state") SledVmmState sledState) {
}
