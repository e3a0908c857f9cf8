package dev.doorbell.fetcher;

import dev.doorbell.fetcher.FetchEntry.FailureStreak;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchEntry.Rings;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link FetchEntry} for the pending store and its changelog.
 *
 * <p>Every ring costs a few store reads and writes on the stream thread, so entries are written in
 * a fixed binary layout, big-endian (format {@value #FORMAT}): the format byte, the phase's ordinal,
 * a byte of presence flags (which of the optional facts follow: last start, pending first ring,
 * in-flight first ring, failure streak, awaiting directory since), due time, last start if present,
 * the burst's re-fetches (a short), pending count and first ring if present, in-flight count and
 * first ring if present, failure count and first failure if present, awaiting directory since if
 * present, then the origin's topic as length-prefixed UTF-8, partition and offset. Format
 * {@value #FORMAT_2} is the same without the re-fetches (read as none: the next re-fetch is spaced by
 * the minimum interval). Entries written by earlier releases, in format {@value #FORMAT_2},
 * {@value LegacyFetchEntries#FORMAT_1} or as JSON (they start with <code>'{'</code>), are still read
 * ({@link LegacyFetchEntries} for the last two), so a changelog survives the upgrade. A release before
 * a format cannot read it, so during a rolling upgrade (or to keep a way back) the serde writes the
 * older release's format instead ({@link FetcherSettings#pendingFormat()}), dropping what that format
 * cannot hold. Anything else is a {@link SerializationException}.
 */
final class FetchEntrySerde implements Serde<FetchEntry> {

    /** First byte of the binary layout; a new layout gets a new number. */
    static final byte FORMAT = 3;
    /** The layout before the burst's re-fetches were kept. */
    static final byte FORMAT_2 = 2;
    static final int LAST_START = 1;
    static final int PENDING_FIRST_RUNG = 1 << 1;
    static final int IN_FLIGHT_FIRST_RUNG = 1 << 2;
    static final int FAILURES = 1 << 3;
    static final int AWAITING_DIRECTORY = 1 << 4;
    private static final int KNOWN_FLAGS = (1 << 5) - 1;
    private static final int FIXED_BYTES = 1 + 1 + 1 + 8 + 8 + 8 + 2 + 4 + 8;
    private static final Phase[] PHASES = Phase.values();

    private final byte writeFormat;

    /** Writes format {@value #FORMAT}. */
    FetchEntrySerde() {
        this(FORMAT);
    }

    /**
     * Writes {@code writeFormat}: {@value #FORMAT}, or {@value LegacyFetchEntries#FORMAT_1} so that
     * an earlier release in the same group can still read the store (a rolling upgrade).
     */
    FetchEntrySerde(byte writeFormat) {
        if (!isWritable(writeFormat)) {
            throw new IllegalArgumentException("unknown fetch entry format " + writeFormat);
        }
        this.writeFormat = writeFormat;
    }

    /** @return whether {@code format} is one this serde can write: {@value #FORMAT}, {@value #FORMAT_2} or {@value LegacyFetchEntries#FORMAT_1} */
    static boolean isWritable(byte format) {
        return format == FORMAT || format == FORMAT_2 || format == LegacyFetchEntries.FORMAT_1;
    }

    @Override
    public Serializer<FetchEntry> serializer() {
        return (topic, entry) -> entry == null ? null
                : writeFormat == LegacyFetchEntries.FORMAT_1 ? LegacyFetchEntries.writeFormat1(entry) : write(entry, writeFormat);
    }

    @Override
    public Deserializer<FetchEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(FetchEntry entry) {
        return write(entry, FORMAT);
    }

    /** Writes {@code entry} in {@code format}, {@value #FORMAT} or {@value #FORMAT_2}. */
    private static byte[] write(FetchEntry entry, byte format) {
        byte[] topic = originTopic(entry.origin());
        int flags = flag(entry.lastStartMs().isPresent(), LAST_START)
                | flag(entry.pending().firstRungAtMicros().isPresent(), PENDING_FIRST_RUNG)
                | flag(entry.inFlight().firstRungAtMicros().isPresent(), IN_FLIGHT_FIRST_RUNG)
                | flag(entry.failures().isPresent(), FAILURES)
                | flag(entry.awaitingDirectorySinceMs().isPresent(), AWAITING_DIRECTORY);
        int optionalBytes = 8 * Integer.bitCount(flags) + (entry.failures().isPresent() ? 4 : 0);
        int refetchBytes = format == FORMAT ? 2 : 0;
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + refetchBytes + optionalBytes + topic.length);
        out.put(format).put((byte) entry.phase().ordinal()).put((byte) flags).putLong(entry.dueAtMs());
        entry.lastStartMs().ifPresent(out::putLong);
        if (format == FORMAT) {
            out.putShort((short) entry.refetches());
        }
        out.putLong(entry.pending().count());
        entry.pending().firstRungAtMicros().ifPresent(out::putLong);
        out.putLong(entry.inFlight().count());
        entry.inFlight().firstRungAtMicros().ifPresent(out::putLong);
        entry.failures().ifPresent(streak -> out.putInt(streak.count()).putLong(streak.firstFailureMs()));
        entry.awaitingDirectorySinceMs().ifPresent(out::putLong);
        putOrigin(out, topic, entry.origin());
        return out.array();
    }

    /** The origin's topic as UTF-8, for {@link #putOrigin}; at most {@link Short#MAX_VALUE} bytes. */
    static byte[] originTopic(RingOrigin origin) {
        byte[] topic = origin.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > Short.MAX_VALUE) {
            throw new SerializationException("ring origin topic name too long: " + topic.length + " bytes");
        }
        return topic;
    }

    /** Writes the origin as {@link #origin(ByteBuffer)} reads it: {@code topic} length-prefixed, partition, offset. */
    static void putOrigin(ByteBuffer out, byte[] topic, RingOrigin origin) {
        out.putShort((short) topic.length).put(topic).putInt(origin.partition()).putLong(origin.offset());
    }

    static FetchEntry read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return LegacyFetchEntries.readJson(bytes);
        }
        if (bytes.length == 0 || !isWritable(bytes[0])) {
            throw new SerializationException("unknown fetch entry format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            FetchEntry entry = bytes[0] == LegacyFetchEntries.FORMAT_1 ? LegacyFetchEntries.readFormat1(in) : readFormat(in, bytes[0]);
            if (in.hasRemaining()) {
                throw new SerializationException("fetch entry has " + in.remaining() + " trailing bytes");
            }
            return entry;
        } catch (BufferUnderflowException e) {
            throw new SerializationException("truncated fetch entry (" + bytes.length + " bytes)", e);
        }
    }

    /** Reads format {@value #FORMAT} or {@value #FORMAT_2} after its format byte. */
    private static FetchEntry readFormat(ByteBuffer in, byte format) {
        Phase phase = phase(in);
        int flags = in.get() & 0xff;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new SerializationException("unknown fetch entry flags " + Integer.toBinaryString(flags));
        }
        long dueAtMs = in.getLong();
        OptionalLong lastStartMs = optionalLong(in, flags, LAST_START);
        int refetches = format == FORMAT ? in.getShort() : 0;
        if (refetches < 0) {
            throw new SerializationException("negative fetch entry re-fetch count " + refetches);
        }
        Rings pending = new Rings(in.getLong(), optionalLong(in, flags, PENDING_FIRST_RUNG));
        Rings inFlight = new Rings(in.getLong(), optionalLong(in, flags, IN_FLIGHT_FIRST_RUNG));
        Optional<FailureStreak> failures = (flags & FAILURES) == 0 ? Optional.empty()
                : Optional.of(new FailureStreak(in.getInt(), in.getLong()));
        OptionalLong awaitingDirectorySinceMs = optionalLong(in, flags, AWAITING_DIRECTORY);
        return new FetchEntry(phase, dueAtMs, lastStartMs, refetches, pending, inFlight, failures, awaitingDirectorySinceMs,
                origin(in));
    }

    /** The phase whose ordinal is the next byte. */
    static Phase phase(ByteBuffer in) {
        int phase = in.get();
        if (phase < 0 || phase >= PHASES.length) {
            throw new SerializationException("unknown fetch entry phase " + phase);
        }
        return PHASES[phase];
    }

    /** The origin in the next bytes: topic as length-prefixed UTF-8, partition, offset. */
    static RingOrigin origin(ByteBuffer in) {
        int topicLength = in.getShort();
        if (topicLength < 0) {
            throw new SerializationException("negative ring origin topic length " + topicLength);
        }
        byte[] topic = new byte[topicLength];
        in.get(topic);
        return new RingOrigin(new String(topic, StandardCharsets.UTF_8), in.getInt(), in.getLong());
    }

    private static OptionalLong optionalLong(ByteBuffer in, int flags, int flag) {
        return (flags & flag) == 0 ? OptionalLong.empty() : OptionalLong.of(in.getLong());
    }

    private static int flag(boolean present, int flag) {
        return present ? flag : 0;
    }
}
