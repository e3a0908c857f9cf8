package dev.doorbell.fetcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.fetcher.FetchEntry.FailureStreak;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchEntry.Rings;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the pending store's entries as earlier releases wrote them, for {@link FetchEntrySerde}, and
 * writes format {@value #FORMAT_1} for a group in a rolling upgrade.
 * Both forms have the same eleven fields, absence written as a sentinel: binary format
 * {@value #FORMAT_1} (format byte, phase's ordinal, then big-endian due, last start, pending rings
 * and their first ring, in-flight rings and their first ring, failure count (an int), first failure,
 * awaiting directory since, and the origin as in format {@value FetchEntrySerde#FORMAT}), and JSON
 * (the same fields, named as in {@link Fields}). Sentinels become absent values: a last start, first
 * failure or awaiting-directory time below 0, and a first ring at or before the epoch (written as 0).
 * A failure count without a first failure time cannot be written by those releases and is dropped.
 */
final class LegacyFetchEntries {

    /** First byte of the binary layout before absence was explicit. */
    static final byte FORMAT_1 = 1;
    private static final ObjectReader JSON = Json.mapper().readerFor(Fields.class);

    private LegacyFetchEntries() {
    }

    /** Reads a format-1 entry after its format byte. */
    static FetchEntry readFormat1(ByteBuffer in) {
        return new Fields(FetchEntrySerde.phase(in), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong(), in.getInt(), in.getLong(), in.getLong(), FetchEntrySerde.origin(in)).toEntry();
    }

    /**
     * Writes {@code entry} in format {@value #FORMAT_1}, for a group that still runs a release which
     * reads only that: absent facts become that release's sentinels (a last start, first failure or
     * awaiting-directory time of -1, a first ring of 0, a failure count of 0).
     */
    static byte[] writeFormat1(FetchEntry entry) {
        byte[] topic = FetchEntrySerde.originTopic(entry.origin());
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 8 * 6 + 4 + 8 * 2 + 2 + topic.length + 4 + 8);
        out.put(FORMAT_1).put((byte) entry.phase().ordinal())
                .putLong(entry.dueAtMs()).putLong(entry.lastStartMs().orElse(-1))
                .putLong(entry.pending().count()).putLong(entry.pending().firstRungAtMicros().orElse(0))
                .putLong(entry.inFlight().count()).putLong(entry.inFlight().firstRungAtMicros().orElse(0))
                .putInt(entry.failures().map(FailureStreak::count).orElse(0))
                .putLong(entry.failures().map(FailureStreak::firstFailureMs).orElse(-1L))
                .putLong(entry.awaitingDirectorySinceMs().orElse(-1));
        FetchEntrySerde.putOrigin(out, topic, entry.origin());
        return out.array();
    }

    /** Reads an entry written as JSON. */
    static FetchEntry readJson(byte[] json) {
        try {
            return JSON.<Fields>readValue(json).toEntry();
        } catch (IOException e) {
            throw new SerializationException("cannot read fetch entry (JSON)", e);
        }
    }

    /** The fields of an entry as earlier releases wrote them, sentinels and all. */
    private record Fields(
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

        Fields {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(origin, "origin");
        }

        FetchEntry toEntry() {
            return new FetchEntry(phase, dueAtMs, atOrAfterEpoch(lastStartMs), 0, Rings.rung(pendingRings, pendingFirstRungAtMicros),
                    Rings.rung(inFlightRings, inFlightFirstRungAtMicros),
                    firstFailureMs < 0 ? Optional.empty() : Optional.of(new FailureStreak(failures, firstFailureMs)),
                    atOrAfterEpoch(awaitingDirectorySinceMs), origin);
        }

        private static OptionalLong atOrAfterEpoch(long ms) {
            return ms < 0 ? OptionalLong.empty() : OptionalLong.of(ms);
        }
    }
}
