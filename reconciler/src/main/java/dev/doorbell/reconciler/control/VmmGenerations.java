package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What the watcher sweep reads of a sled's bulk answer ({@code POST /vmms/states}): per VMM the generations and
 * migration ids it compares, and the ids the sled does not know. Decoded straight from the answer's JSON
 * ({@link SledAgentClient#generations}), every other field skipped: building the full {@link VmmStatesResponse}
 * (states, timestamps) was about 60 % of the sweep thread's CPU at 100,000 VMMs, a fifth of it parsing timestamps
 * the comparison never reads. The maps are wrapped, not copied (the decoder made them for this record alone).
 *
 * @param known   the VMMs the sled reported, by id
 * @param unknown the ids the sled said it does not know
 */
public record VmmGenerations(
        @JsonProperty(value = "vmms", required = true) Map<UUID, Generations> known,
        @JsonProperty(value = "unknown_ids", required = true) Set<UUID> unknown) {

    public VmmGenerations {
        Objects.requireNonNull(known, "vmms").forEach((id, generations) -> {
            Objects.requireNonNull(id, "a VMM id");
            Objects.requireNonNull(generations, "a VMM's entry");
        });
        known = Collections.unmodifiableMap(known);
        unknown = Collections.unmodifiableSet(Objects.requireNonNull(unknown, "unknown_ids"));
        unknown.forEach(id -> Objects.requireNonNull(id, "an unknown id"));
    }

    /** The same figures taken from a fully decoded answer. */
    public static VmmGenerations of(VmmStatesResponse answer) {
        Map<UUID, Generations> known = new HashMap<>();
        answer.vmms().forEach((id, state) -> known.put(id, Generations.of(state)));
        return new VmmGenerations(known, new HashSet<>(answer.unknownIds()));
    }

    /**
     * One VMM's entry, in the wire's shape ({@code vmm_state.gen}, {@code migration_in}, {@code migration_out}).
     *
     * @param vmmState     its {@code vmm_state}, of which only {@code gen} is read
     * @param migrationIn  its inbound migration, or null
     * @param migrationOut its outbound migration, or null
     */
    public record Generations(
            @JsonProperty(value = "vmm_state", required = true) VmmGen vmmState,
            @JsonProperty("migration_in") Side migrationIn,
            @JsonProperty("migration_out") Side migrationOut) {

        public Generations {
            Objects.requireNonNull(vmmState, "vmm_state");
        }

        public static Generations of(SledVmmState state) {
            return new Generations(new VmmGen(state.vmmState().gen()), Side.of(state.migrationIn()), Side.of(state.migrationOut()));
        }

        /** @return {@code vmm_state.gen} */
        public long gen() {
            return vmmState.gen();
        }
    }

    /** @param gen {@code vmm_state.gen} */
    public record VmmGen(@JsonProperty(value = "gen", required = true) long gen) {}

    /**
     * One side of a migration.
     *
     * @param migrationId {@code migration_id}
     * @param gen         {@code gen}
     */
    public record Side(
            @JsonProperty(value = "migration_id", required = true) UUID migrationId,
            @JsonProperty(value = "gen", required = true) long gen) {

        public Side {
            Objects.requireNonNull(migrationId, "migration_id");
        }

        static Side of(MigrationRuntimeState side) {
            return side == null ? null : new Side(side.migrationId(), side.gen());
        }
    }
}
