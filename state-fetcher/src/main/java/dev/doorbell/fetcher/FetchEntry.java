package dev.doorbell.fetcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The work-queue state of one VMM, kept in the changelogged {@code pending-fetches} store.
 *
 * <p>Phases: {@code DIRTY} (a fetch must start at or after {@code dueAtMs}), {@code IN_FLIGHT}
 * (a fetch started at {@code lastStartMs}), {@code IN_FLIGHT_DIRTY} (rung again during it: one
 * more fetch follows), {@code COOLING} (nothing pending; kept until {@code dueAtMs} only to space
 * the next fetch {@code minRefetchInterval} after the last one).
 *
 * @param pendingRings rings that the next fetch will answer; {@code pendingFirstRungAtMicros} the earliest of them (0: none)
 * @param inFlightRings rings the fetch in flight answers; {@code inFlightFirstRungAtMicros} the earliest of them
 * @param failures consecutive failed fetches; {@code firstFailureMs} when the first of them failed (-1: none)
 * @param awaitingDirectorySinceMs since when the VMM's placement or sled address is unknown (-1: it is known)
 * @param origin where the first pending ring came from, for dead letters
 */
public record FetchEntry(
        @JsonProperty("phase") Phase phase,
        @JsonProperty("due_at_ms") long dueAtMs,
        @JsonProperty("last_start_ms") long lastStartMs,
        @JsonProperty("pending_rings") long pendingRings,
        @JsonProperty("pending_first_rung_at_us") long pendingFirstRungAtMicros,
        @JsonProperty("in_flight_rings") long inFlightRings,
        @JsonProperty("in_flight_first_rung_at_us") long inFlightFirstRungAtMicros,
        @JsonProperty("failures") int failures,
        @JsonProperty("first_failure_ms") long firstFailureMs,
        @JsonProperty("awaiting_directory_since_ms") long awaitingDirectorySinceMs,
        @JsonProperty("origin") RingOrigin origin) {

    public enum Phase { DIRTY, IN_FLIGHT, IN_FLIGHT_DIRTY, COOLING }

    public FetchEntry {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(origin, "origin");
    }

    boolean isInFlight() {
        return phase == Phase.IN_FLIGHT || phase == Phase.IN_FLIGHT_DIRTY;
    }

    FetchEntry withPhase(Phase newPhase, long newDueAtMs) {
        return new FetchEntry(newPhase, newDueAtMs, lastStartMs, pendingRings, pendingFirstRungAtMicros, inFlightRings,
                inFlightFirstRungAtMicros, failures, firstFailureMs, awaitingDirectorySinceMs, origin);
    }

    FetchEntry awaitingDirectorySince(long sinceMs, long newDueAtMs) {
        return new FetchEntry(phase, newDueAtMs, lastStartMs, pendingRings, pendingFirstRungAtMicros, inFlightRings,
                inFlightFirstRungAtMicros, failures, firstFailureMs, sinceMs, origin);
    }
}
