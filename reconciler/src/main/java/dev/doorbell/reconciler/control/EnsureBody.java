package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * Body of the sled-agent's {@code PUT /vmms/{id}}: the instance the VMM runs and, for a migration
 * target, where it migrates from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnsureBody(
        @JsonProperty("instance_id") UUID instanceId,
        @JsonProperty("migration_source") Source migrationSource) {

    public EnsureBody {
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /** A migration target's source: the migration, the source VMM and its sled's URL (told if the target fails). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            @JsonProperty("migration_id") UUID migrationId,
            @JsonProperty("source_vmm_id") UUID sourceVmmId,
            @JsonProperty("source_sled_url") URI sourceSledUrl) {
    }
}
