package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Body of {@code POST /vmms/states} (API 2.0.0+): the VMMs whose states are asked for, at most
 * {@link #MAX_IDS}.
 */
public record VmmStatesRequest(@JsonProperty(value = "ids", required = true) List<UUID> ids) {
    /** The most ids one request may name. */
    public static final int MAX_IDS = 1_000;

    public VmmStatesRequest {
        Objects.requireNonNull(ids, "ids");
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("ids must not contain null");
        }
        ids = List.copyOf(ids);
    }
}
