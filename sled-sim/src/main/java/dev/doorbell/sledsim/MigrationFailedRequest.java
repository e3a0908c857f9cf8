package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.UUID;

/** Body of {@code POST /vmms/{id}/migration-failed}: the other side of this migration failed. */
public record MigrationFailedRequest(@JsonProperty(value = "migration_id", required = true) UUID migrationId) {
    public MigrationFailedRequest {
        Objects.requireNonNull(migrationId, "migration_id");
    }
}
