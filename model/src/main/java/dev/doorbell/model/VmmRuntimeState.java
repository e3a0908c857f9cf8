package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Objects;

/**
 * A VMM's runtime state: {@code state}, generation {@code gen} (0..2^63-1 as omicron's schema allows; counting starts at 1; +1 on every change the
 * sled observes) and {@code time_updated} (RFC 3339). {@code failure_reason} (e.g.
 * {@code propolis_crashed}) exists only from API version 2.0.0 on; it is omitted from JSON when
 * absent, so a state without one is also a valid 1.0.0 shape.
 */
public record VmmRuntimeState(
        @JsonProperty(value = "state", required = true) VmmState state,
        @JsonProperty(value = "gen", required = true) long gen,
        @JsonProperty(value = "time_updated", required = true) Instant timeUpdated,
        @JsonProperty("failure_reason") @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason) {

    public VmmRuntimeState {
        Objects.requireNonNull(state, "state");
        Generations.require(gen);
        Objects.requireNonNull(timeUpdated, "time_updated");
    }

    /** A state without a failure reason. */
    public VmmRuntimeState(VmmState state, long gen, Instant timeUpdated) {
        this(state, gen, timeUpdated, null);
    }

    /** @return the next generation of this state: {@code gen + 1}, stamped {@code now} */
    public VmmRuntimeState next(VmmState newState, Instant now, String newFailureReason) {
        return new VmmRuntimeState(newState, Math.addExact(gen, 1), now, newFailureReason);
    }

    /** @return this state without {@code failure_reason} (the 1.0.0 shape) */
    public VmmRuntimeState withoutFailureReason() {
        return failureReason == null ? this : new VmmRuntimeState(state, gen, timeUpdated, null);
    }
}
