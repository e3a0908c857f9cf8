package dev.doorbell.fetcher;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link FetchEntry} for the pending store and its changelog.
 *
 * <p>Every ring costs a few store reads and writes on the stream thread, so entries are written in
 * a fixed binary layout (format {@value #FORMAT}: phase, the entry's numbers in declaration order,
 * then the origin's topic as length-prefixed UTF-8, partition and offset; big-endian). Entries
 * written as JSON by earlier releases (they start with <code>'{'</code>) are still read, so a
 * changelog survives the upgrade. Anything else is a {@link SerializationException}.
 */
final class FetchEntrySerde implements Serde<FetchEntry> {

    /** First byte of the binary layout; a new layout gets a new number. */
    static final byte FORMAT = 1;
    private static final int FIXED_BYTES = 1 + 1 + 8 * 6 + 4 + 8 * 2 + 2 + 4 + 8;
    private static final Phase[] PHASES = Phase.values();
    private static final ObjectReader LEGACY_JSON = Json.mapper().readerFor(FetchEntry.class);

    @Override
    public Serializer<FetchEntry> serializer() {
        return (topic, entry) -> entry == null ? null : write(entry);
    }

    @Override
    public Deserializer<FetchEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(FetchEntry entry) {
        byte[] topic = entry.origin().topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > Short.MAX_VALUE) {
            throw new SerializationException("ring origin topic name too long: " + topic.length + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + topic.length);
        out.put(FORMAT).put((byte) entry.phase().ordinal())
                .putLong(entry.dueAtMs()).putLong(entry.lastStartMs())
                .putLong(entry.pendingRings()).putLong(entry.pendingFirstRungAtMicros())
                .putLong(entry.inFlightRings()).putLong(entry.inFlightFirstRungAtMicros())
                .putInt(entry.failures()).putLong(entry.firstFailureMs()).putLong(entry.awaitingDirectorySinceMs())
                .putShort((short) topic.length).put(topic)
                .putInt(entry.origin().partition()).putLong(entry.origin().offset());
        return out.array();
    }

    static FetchEntry read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                return LEGACY_JSON.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("cannot read fetch entry (JSON)", e);
            }
        }
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new SerializationException("unknown fetch entry format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int phase = in.get();
            if (phase < 0 || phase >= PHASES.length) {
                throw new SerializationException("unknown fetch entry phase " + phase);
            }
            long dueAtMs = in.getLong();
            long lastStartMs = in.getLong();
            long pendingRings = in.getLong();
            long pendingFirstRungAtMicros = in.getLong();
            long inFlightRings = in.getLong();
            long inFlightFirstRungAtMicros = in.getLong();
            int failures = in.getInt();
            long firstFailureMs = in.getLong();
            long awaitingDirectorySinceMs = in.getLong();
            int topicLength = in.getShort();
            if (topicLength < 0) {
                throw new SerializationException("negative ring origin topic length " + topicLength);
            }
            byte[] topic = new byte[topicLength];
            in.get(topic);
            RingOrigin origin = new RingOrigin(new String(topic, StandardCharsets.UTF_8), in.getInt(), in.getLong());
            if (in.hasRemaining()) {
                throw new SerializationException("fetch entry has " + in.remaining() + " trailing bytes");
            }
            return new FetchEntry(PHASES[phase], dueAtMs, lastStartMs, pendingRings, pendingFirstRungAtMicros, inFlightRings,
                    inFlightFirstRungAtMicros, failures, firstFailureMs, awaitingDirectorySinceMs, origin);
        } catch (BufferUnderflowException e) {
            throw new SerializationException("truncated fetch entry (" + bytes.length + " bytes)", e);
        }
    }
}
