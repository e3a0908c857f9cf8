package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.UUID;

/**
 * Body of {@code PUT /vmms/{id}}: the instance the VMM runs and, for a migration target, its
 * migration source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnsureRequest(
        @JsonProperty(value = "instance_id", required = true) UUID instanceId,
        @JsonProperty("migration_source") MigrationSource migrationSource) {
    public EnsureRequest {
        Objects.requireNonNull(instanceId, "instance_id");
    }

    public static EnsureRequest of(UUID instanceId) {
        return new EnsureRequest(instanceId, null);
    }
}
