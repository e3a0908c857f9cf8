package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** An instance's live migration: each side's state and its own generation (null state: not yet reported). */
public record MigrationView(
        @JsonProperty("id") UUID id,
        @JsonProperty("source_vmm_id") UUID sourceVmmId,
        @JsonProperty("target_vmm_id") UUID targetVmmId,
        @JsonProperty("source_state") String sourceState,
        @JsonProperty("source_gen") long sourceGen,
        @JsonProperty("target_state") String targetState,
        @JsonProperty("target_gen") long targetGen) {
}
