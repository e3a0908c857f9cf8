package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** Body of {@code POST /v1/instances/{id}/migrate}. */
public record MigrateRequest(@JsonProperty(value = "target_sled_id", required = true) UUID targetSledId) {
}
