package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.UUID;

/**
 * Body of the sled-agent's {@code PUT /vmms/{id}/state}: {@code requested} is {@code running},
 * {@code stopped}, {@code reboot} or {@code migrate_out}; a migration also names itself, the target
 * VMM and the target sled's URL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateChangeBody(
        @JsonProperty("requested") String requested,
        @JsonProperty("migration_id") UUID migrationId,
        @JsonProperty("target_vmm_id") UUID targetVmmId,
        @JsonProperty("target_sled_url") URI targetSledUrl) {

    public static final StateChangeBody RUNNING = new StateChangeBody("running", null, null, null);
    public static final StateChangeBody STOPPED = new StateChangeBody("stopped", null, null, null);
    public static final StateChangeBody REBOOT = new StateChangeBody("reboot", null, null, null);

    public static StateChangeBody migrateOut(UUID migrationId, UUID targetVmmId, URI targetSledUrl) {
        return new StateChangeBody("migrate_out", migrationId, targetVmmId, targetSledUrl);
    }
}
