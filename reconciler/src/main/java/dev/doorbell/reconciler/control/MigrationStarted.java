package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.reconciler.read.InstanceView;
import java.util.UUID;

/** What {@code migrate} answers: the new migration, both VMMs and what each sled answered. */
public record MigrationStarted(
        @JsonProperty("instance") InstanceView instance,
        @JsonProperty("migration_id") UUID migrationId,
        @JsonProperty("source_vmm_id") UUID sourceVmmId,
        @JsonProperty("target_vmm_id") UUID targetVmmId,
        @JsonProperty("target_sled_id") UUID targetSledId,
        @JsonProperty("source_state") SledVmmState sourceState,
        @JsonProperty("target_state") SledVmmState targetState) {
}
