package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * An instance as users see it.
 *
 * @param state          the effective state ({@link EffectiveState})
 * @param instanceState  the control plane's own record: {@code no_vmm}, {@code vmm}, {@code failed}, {@code destroyed}
 * @param activeVmmId    null when the instance has no VMM; then the other {@code active_vmm_*} fields are null too
 * @param failureReason  the instance's failure reason, else its active VMM's
 * @param migration      null unless a migration is recorded on the instance
 */
public record InstanceView(
        @JsonProperty("id") UUID id,
        @JsonProperty("name") String name,
        @JsonProperty("state") EffectiveState state,
        @JsonProperty("instance_state") String instanceState,
        @JsonProperty("active_vmm_id") UUID activeVmmId,
        @JsonProperty("active_vmm_sled_id") UUID activeVmmSledId,
        @JsonProperty("active_vmm_state") String activeVmmState,
        @JsonProperty("active_vmm_gen") Long activeVmmGen,
        @JsonProperty("failure_reason") String failureReason,
        @JsonProperty("target_vmm_id") UUID targetVmmId,
        @JsonProperty("migration_id") UUID migrationId,
        @JsonProperty("migration") MigrationView migration,
        @JsonProperty("time_created") Instant timeCreated,
        @JsonProperty("time_state_updated") Instant timeStateUpdated) {
}
