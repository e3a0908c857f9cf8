package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One side of a live migration: its id, state, its own generation (independent of the VMM's) and
 * the time of its last change.
 */
public record MigrationRuntimeState(
        @JsonProperty(value = "migration_id", required = true) UUID migrationId,
        @JsonProperty(value = "state", required = true) MigrationState state,
        @JsonProperty(value = "gen", required = true) long gen,
        @JsonProperty(value = "time_updated", required = true) Instant timeUpdated) {

    public MigrationRuntimeState {
        Objects.requireNonNull(migrationId, "migration_id");
        Objects.requireNonNull(state, "state");
        Generations.require(gen);
        Objects.requireNonNull(timeUpdated, "time_updated");
    }

    /** @return this migration in {@code newState}, generation +1, stamped {@code now} */
    public MigrationRuntimeState next(MigrationState newState, Instant now) {
        return new MigrationRuntimeState(migrationId, newState, Math.addExact(gen, 1), now);
    }
}
