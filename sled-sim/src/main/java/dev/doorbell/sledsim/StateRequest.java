package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * Body of {@code PUT /vmms/{id}/state}. {@code migrate_out} also needs {@code migration_id} and
 * {@code target_vmm_id} (the target VMM, ensured on its sled with a matching migration source),
 * and takes the target sled's base URL {@code target_sled_url} when it runs in another process
 * (told if the source fails).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateRequest(
        @JsonProperty(value = "requested", required = true) RequestedState requested,
        @JsonProperty("migration_id") UUID migrationId,
        @JsonProperty("target_vmm_id") UUID targetVmmId,
        @JsonProperty("target_sled_url") URI targetSledUrl) {

    public StateRequest {
        Objects.requireNonNull(requested, "requested");
        if (requested == RequestedState.MIGRATE_OUT && (migrationId == null || targetVmmId == null)) {
            throw new IllegalArgumentException("migrate_out needs migration_id and target_vmm_id");
        }
        SledUrls.requireHttp(targetSledUrl);
    }

    public static StateRequest of(RequestedState requested) {
        return new StateRequest(requested, null, null, null);
    }

    public static StateRequest migrateOut(UUID migrationId, UUID targetVmmId) {
        return new StateRequest(RequestedState.MIGRATE_OUT, migrationId, targetVmmId, null);
    }

    public static StateRequest migrateOut(UUID migrationId, UUID targetVmmId, URI targetSledUrl) {
        return new StateRequest(RequestedState.MIGRATE_OUT, migrationId, targetVmmId, targetSledUrl);
    }
}
