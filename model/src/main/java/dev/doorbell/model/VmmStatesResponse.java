package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Answer of {@code POST /vmms/states}: the state of every asked-for VMM the sled knows
 * ({@code vmms}, keyed by VMM id) and the ids it does not know ({@code unknown_ids}).
 */
public record VmmStatesResponse(
        @JsonProperty(value = "vmms", required = true) Map<UUID, SledVmmState> vmms,
        @JsonProperty(value = "unknown_ids", required = true) List<UUID> unknownIds) {

    public VmmStatesResponse {
        vmms = Map.copyOf(Objects.requireNonNull(vmms, "vmms"));
        unknownIds = List.copyOf(Objects.requireNonNull(unknownIds, "unknown_ids"));
    }
}
