package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * What a sled reports about one VMM (omicron's {@code SledVmmState}): the VMM's runtime state and,
 * while it takes part in a live migration, the inbound ({@code migration_in}, on the target) or
 * outbound ({@code migration_out}, on the source) migration. Absent migrations are written as
 * {@code null}, as omicron does.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SledVmmState(
        @JsonProperty(value = "vmm_state", required = true) VmmRuntimeState vmmState,
        @JsonProperty("migration_in") MigrationRuntimeState migrationIn,
        @JsonProperty("migration_out") MigrationRuntimeState migrationOut) {

    public SledVmmState {
        Objects.requireNonNull(vmmState, "vmm_state");
    }

    /** A state outside any migration. */
    public SledVmmState(VmmRuntimeState vmmState) {
        this(vmmState, null, null);
    }

    /**
     * @return this state in the shape of {@code version}: before 2.0.0 there is no
     *     {@code failure_reason}
     */
    public SledVmmState inShapeOf(ApiVersion version) {
        if (version.supportsFailureReason()) {
            return this;
        }
        return new SledVmmState(vmmState.withoutFailureReason(), migrationIn, migrationOut);
    }
}
