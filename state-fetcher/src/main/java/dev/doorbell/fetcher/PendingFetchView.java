package dev.doorbell.fetcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One VMM's entry of the {@value FetcherTopology#PENDING_STORE} store as {@code GET /v1/pending/{vmm}} answers it.
 * {@code pending} is true unless the entry only spaces the next fetch ({@code COOLING}); absent facts are {@code null}.
 *
 * @param partition the doorbell partition (and Kafka Streams task) that holds the entry
 * @param origin the first pending ring's {@code topic@partition:offset}
 * @param dueAt when the next fetch may start ({@code DIRTY}), when the fetch in flight started, or until when a
 *     {@code COOLING} entry is kept
 */
public record PendingFetchView(
        @JsonProperty("vmm_id") UUID vmmId,
        @JsonProperty("partition") int partition,
        @JsonProperty("phase") String phase,
        @JsonProperty("pending") boolean pending,
        @JsonProperty("due_at") Instant dueAt,
        @JsonProperty("last_start_at") Instant lastStartAt,
        @JsonProperty("pending_rings") long pendingRings,
        @JsonProperty("pending_first_rung_at") Instant pendingFirstRungAt,
        @JsonProperty("in_flight_rings") long inFlightRings,
        @JsonProperty("in_flight_first_rung_at") Instant inFlightFirstRungAt,
        @JsonProperty("failures") Integer failures,
        @JsonProperty("first_failure_at") Instant firstFailureAt,
        @JsonProperty("awaiting_directory_since") Instant awaitingDirectorySince,
        @JsonProperty("origin") String origin) {

    static PendingFetchView of(UUID vmm, int partition, FetchEntry entry) {
        return new PendingFetchView(vmm, partition, entry.phase().name(), entry.phase() != FetchEntry.Phase.COOLING,
                Instant.ofEpochMilli(entry.dueAtMs()), millis(entry.lastStartMs()),
                entry.pending().count(), micros(entry.pending().firstRungAtMicros()),
                entry.inFlight().count(), micros(entry.inFlight().firstRungAtMicros()),
                entry.failures().map(FetchEntry.FailureStreak::count).orElse(null),
                entry.failures().map(f -> Instant.ofEpochMilli(f.firstFailureMs())).orElse(null),
                millis(entry.awaitingDirectorySinceMs()), origin(entry.origin()));
    }

    /** {@code topic@partition:offset} of the first pending ring, {@code null} if unknown. */
    private static String origin(RingOrigin origin) {
        return origin.equals(RingOrigin.UNKNOWN) ? null : origin.topic() + "@" + origin.partition() + ":" + origin.offset();
    }

    private static Instant millis(OptionalLong ms) {
        return ms.isPresent() ? Instant.ofEpochMilli(ms.getAsLong()) : null;
    }

    private static Instant micros(OptionalLong us) {
        return us.isPresent() ? Instant.EPOCH.plusNanos(us.getAsLong() * 1000) : null;
    }
}
