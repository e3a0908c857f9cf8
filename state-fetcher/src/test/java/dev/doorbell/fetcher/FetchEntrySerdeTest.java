package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.doorbell.fetcher.FetchEntry.FailureStreak;
import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchEntry.Rings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The pending store's binary layout: lossless for every entry, readable from what earlier releases
 * wrote (format 2, and format 1 and JSON with their sentinels read as absent values), strict on garbage.
 */
class FetchEntrySerdeTest {

    private static final RingOrigin ORIGIN = new RingOrigin("vmm.doorbells", 4, 99);

    private final FetchEntrySerde serde = new FetchEntrySerde();

    @Test
    void everyEntrySurvivesTheRoundTrip() {
        qt().withExamples(500).forAll(entries()).checkAssert(entry -> {
            byte[] bytes = serde.serializer().serialize("changelog", entry);

            assertThat(bytes[0]).isEqualTo(FetchEntrySerde.FORMAT);
            assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(entry);
        });
    }

    @Test
    void format2KeepsEverythingButTheRefetchesForAGroupThatStillRunsTheReleaseBeforeFormat3() {
        FetchEntrySerde upgrading = new FetchEntrySerde(FetchEntrySerde.FORMAT_2);
        qt().withExamples(500).forAll(entries()).checkAssert(entry -> {
            byte[] bytes = upgrading.serializer().serialize("changelog", entry);

            assertThat(bytes[0]).isEqualTo(FetchEntrySerde.FORMAT_2);
            assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(withRefetches(entry, 0));
        });
    }

    @Test
    void format2EntriesOfTheLastReleaseAreRead() {
        // as the release before format 3 wrote a cooling entry: format, phase, flags (last start), due, last start,
        // pending count, in-flight count, origin
        byte[] topic = ORIGIN.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 1 + 8 + 8 + 8 + 8 + 2 + topic.length + 4 + 8);
        out.put((byte) 2).put((byte) Phase.COOLING.ordinal()).put((byte) FetchEntrySerde.LAST_START).putLong(120).putLong(20)
                .putLong(0).putLong(0).putShort((short) topic.length).put(topic).putInt(ORIGIN.partition()).putLong(ORIGIN.offset());

        assertThat(read(out.array())).isEqualTo(new FetchEntry(Phase.COOLING, 120, OptionalLong.of(20), 0, Rings.NONE, Rings.NONE,
                Optional.empty(), OptionalLong.empty(), ORIGIN));
    }

    private static FetchEntry withRefetches(FetchEntry e, int refetches) {
        return new FetchEntry(e.phase(), e.dueAtMs(), e.lastStartMs(), refetches, e.pending(), e.inFlight(), e.failures(),
                e.awaitingDirectorySinceMs(), e.origin());
    }

    @Test
    void anyTruncationIsRefused() {
        qt().withExamples(200).forAll(entries(), fractions()).checkAssert((entry, kept) -> {
            byte[] bytes = serde.serializer().serialize("changelog", entry);
            byte[] cut = Arrays.copyOf(bytes, (int) (bytes.length * kept));

            assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", cut)).isInstanceOf(SerializationException.class);
        });
    }

    @Test
    void forARollingUpgradeEntriesAreWrittenAsTheLastReleaseWroteThem() {
        FetchEntrySerde upgrading = new FetchEntrySerde(LegacyFetchEntries.FORMAT_1);
        FetchEntry inFlight = new FetchEntry(Phase.IN_FLIGHT_DIRTY, 10, OptionalLong.of(20), 3, Rings.rung(3, 30), Rings.rung(2, 40),
                Optional.of(new FailureStreak(1, 50)), OptionalLong.empty(), ORIGIN);
        FetchEntry cooling = new FetchEntry(Phase.COOLING, 120, OptionalLong.empty(), 0, Rings.NONE, Rings.NONE, Optional.empty(),
                OptionalLong.of(4), RingOrigin.UNKNOWN);

        assertThat(upgrading.serializer().serialize("changelog", inFlight))
                .isEqualTo(format1(Phase.IN_FLIGHT_DIRTY, 10, 20, 3, 30, 2, 40, 1, 50, -1, ORIGIN));
        assertThat(upgrading.serializer().serialize("changelog", cooling))
                .isEqualTo(format1(Phase.COOLING, 120, -1, 0, 0, 0, 0, 0, -1, 4, RingOrigin.UNKNOWN));
    }

    @Test
    void everyEntryWithTimesAfterTheEpochSurvivesTheRoundTripThroughFormat1() {
        FetchEntrySerde upgrading = new FetchEntrySerde(LegacyFetchEntries.FORMAT_1);
        qt().withExamples(500).forAll(entries().map(FetchEntrySerdeTest::afterEpoch)).checkAssert(entry -> {
            byte[] bytes = upgrading.serializer().serialize("changelog", entry);

            assertThat(bytes[0]).isEqualTo(LegacyFetchEntries.FORMAT_1);
            assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(entry);
        });
    }

    @Test
    void onlyTheKnownFormatsCanBeWritten() {
        assertThatThrownBy(() -> new FetchEntrySerde((byte) 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetcherSettings.defaults().withPendingFormat((byte) 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code e} with every time it holds moved to or after the epoch (first rings after it), as format 1 can carry them. */
    private static FetchEntry afterEpoch(FetchEntry e) {
        return new FetchEntry(e.phase(), e.dueAtMs(), atOrAfter(e.lastStartMs(), 0), 0, after(e.pending()), after(e.inFlight()),
                e.failures().map(f -> new FailureStreak(f.count(), f.firstFailureMs() & Long.MAX_VALUE)),
                atOrAfter(e.awaitingDirectorySinceMs(), 0), e.origin());
    }

    private static Rings after(Rings rings) {
        return new Rings(rings.count(), atOrAfter(rings.firstRungAtMicros(), 1));
    }

    private static OptionalLong atOrAfter(OptionalLong t, long min) {
        return t.isPresent() ? OptionalLong.of(Math.max(min, t.getAsLong() & Long.MAX_VALUE)) : t;
    }

    @Test
    void format1EntriesOfTheLastReleaseAreRead() {
        // a fetch in flight, rung again meanwhile, after one failure, its placement known
        byte[] inFlight = format1(Phase.IN_FLIGHT_DIRTY, 10, 20, 3, 30, 2, 40, 1, 50, -1, ORIGIN);
        // a VMM rung once, never fetched, waiting for its placement
        byte[] firstRing = format1(Phase.DIRTY, 5, -1, 1, 7, 0, 0, 0, -1, 4, ORIGIN);
        // cooling after a success: nothing pending, everything reset
        byte[] cooling = format1(Phase.COOLING, 120, 20, 0, 0, 0, 0, 0, -1, -1, RingOrigin.UNKNOWN);

        assertThat(read(inFlight)).isEqualTo(new FetchEntry(Phase.IN_FLIGHT_DIRTY, 10, OptionalLong.of(20), 0,
                new Rings(3, OptionalLong.of(30)), new Rings(2, OptionalLong.of(40)), Optional.of(new FailureStreak(1, 50)),
                OptionalLong.empty(), ORIGIN));
        assertThat(read(firstRing)).isEqualTo(new FetchEntry(Phase.DIRTY, 5, OptionalLong.empty(), 0,
                new Rings(1, OptionalLong.of(7)), Rings.NONE, Optional.empty(), OptionalLong.of(4), ORIGIN));
        assertThat(read(cooling)).isEqualTo(new FetchEntry(Phase.COOLING, 120, OptionalLong.of(20), 0, Rings.NONE, Rings.NONE,
                Optional.empty(), OptionalLong.empty(), RingOrigin.UNKNOWN));
    }

    @Test
    void format1FirstRingsAtOrBeforeTheEpochAreUnknown() {
        // a ring without a timestamp: the release that wrote it treated a first ring <= 0 as none
        FetchEntry entry = read(format1(Phase.DIRTY, 5, -1, 2, -1000, 0, 0, 0, -1, -1, ORIGIN));

        assertThat(entry.pending()).isEqualTo(new Rings(2, OptionalLong.empty()));
    }

    @Test
    void everyFormat1EntryReadsToOneThatSurvivesTheRoundTrip() {
        qt().withExamples(300).forAll(format1Entries()).checkAssert(bytes -> {
            FetchEntry upgraded = read(bytes);

            assertThat(read(serde.serializer().serialize("changelog", upgraded))).isEqualTo(upgraded);
        });
    }

    @Test
    void anyTruncationOfFormat1IsRefused() {
        qt().withExamples(200).forAll(format1Entries(), fractions()).checkAssert((bytes, kept) -> {
            byte[] cut = Arrays.copyOf(bytes, (int) (bytes.length * kept));

            assertThatThrownBy(() -> read(cut)).isInstanceOf(SerializationException.class);
        });
    }

    @Test
    void entriesWrittenAsJsonByEarlierReleasesAreStillRead() {
        String json = """
                {"phase":"IN_FLIGHT_DIRTY","due_at_ms":10,"last_start_ms":20,"pending_rings":3,"pending_first_rung_at_us":30,\
                "in_flight_rings":2,"in_flight_first_rung_at_us":40,"failures":1,"first_failure_ms":50,\
                "awaiting_directory_since_ms":-1,"origin":{"topic":"vmm.doorbells","partition":4,"offset":99}}""";
        String fresh = """
                {"phase":"DIRTY","due_at_ms":5,"last_start_ms":-1,"pending_rings":1,"pending_first_rung_at_us":7,\
                "in_flight_rings":0,"in_flight_first_rung_at_us":0,"failures":0,"first_failure_ms":-1,\
                "awaiting_directory_since_ms":4,"origin":{"topic":"","partition":-1,"offset":-1}}""";

        assertThat(read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new FetchEntry(Phase.IN_FLIGHT_DIRTY, 10,
                OptionalLong.of(20), 0, new Rings(3, OptionalLong.of(30)), new Rings(2, OptionalLong.of(40)),
                Optional.of(new FailureStreak(1, 50)), OptionalLong.empty(), ORIGIN));
        assertThat(read(fresh.getBytes(StandardCharsets.UTF_8))).isEqualTo(new FetchEntry(Phase.DIRTY, 5, OptionalLong.empty(), 0,
                new Rings(1, OptionalLong.of(7)), Rings.NONE, Optional.empty(), OptionalLong.of(4), RingOrigin.UNKNOWN));
    }

    @Test
    void jsonWithoutPhaseOrOriginOrMalformedIsRefused() {
        byte[] noOrigin = "{\"phase\":\"DIRTY\",\"due_at_ms\":5}".getBytes(StandardCharsets.UTF_8);
        byte[] badPhase = "{\"phase\":\"LOST\",\"origin\":{\"topic\":\"t\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] malformed = "{\"phase\":".getBytes(StandardCharsets.UTF_8);

        for (byte[] json : List.of(noOrigin, badPhase, malformed)) {
            assertThatThrownBy(() -> read(json)).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void trailingBytesUnknownFormatsPhasesAndFlagsAreRefused() {
        byte[] bytes = serde.serializer().serialize("changelog", new FetchEntry(Phase.DIRTY, 1, OptionalLong.of(2), 10,
                new Rings(3, OptionalLong.of(4)), new Rings(5, OptionalLong.of(6)), Optional.of(new FailureStreak(7, 8)),
                OptionalLong.of(9), RingOrigin.UNKNOWN));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 7;
        byte[] otherPhase = bytes.clone();
        otherPhase[1] = 9;
        byte[] otherFlags = bytes.clone();
        otherFlags[2] = (byte) 0x20;

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", longer)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherFormat)).hasMessageContaining("format 7");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherPhase)).hasMessageContaining("phase 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherFlags)).hasMessageContaining("flags");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", new byte[0])).isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize("changelog", null)).isNull();
    }

    @Test
    void format1TrailingBytesAndUnknownPhasesAreRefused() {
        byte[] bytes = format1(Phase.DIRTY, 1, 2, 3, 4, 5, 6, 7, 8, 9, RingOrigin.UNKNOWN);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] otherPhase = bytes.clone();
        otherPhase[1] = 9;

        assertThatThrownBy(() -> read(longer)).isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> read(otherPhase)).isInstanceOf(SerializationException.class).hasMessageContaining("phase 9");
    }

    private FetchEntry read(byte[] bytes) {
        return serde.deserializer().deserialize("changelog", bytes);
    }

    /** An entry exactly as the release before format 2 wrote it: format byte 1, its eleven fields, sentinels and all. */
    private static byte[] format1(Phase phase, long dueAtMs, long lastStartMs, long pendingRings, long pendingFirstRungAtMicros,
            long inFlightRings, long inFlightFirstRungAtMicros, int failures, long firstFailureMs, long awaitingDirectorySinceMs,
            RingOrigin origin) {
        byte[] topic = origin.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 8 * 6 + 4 + 8 * 2 + 2 + 4 + 8 + topic.length);
        out.put((byte) 1).put((byte) phase.ordinal())
                .putLong(dueAtMs).putLong(lastStartMs)
                .putLong(pendingRings).putLong(pendingFirstRungAtMicros)
                .putLong(inFlightRings).putLong(inFlightFirstRungAtMicros)
                .putInt(failures).putLong(firstFailureMs).putLong(awaitingDirectorySinceMs)
                .putShort((short) topic.length).put(topic)
                .putInt(origin.partition()).putLong(origin.offset());
        return out.array();
    }

    /** 0, 0.001, ..., 0.999: how much of an entry's bytes a truncation keeps. */
    private static Gen<Double> fractions() {
        return integers().between(0, 999).map(thousandths -> thousandths / 1000.0);
    }

    private static Gen<FetchEntry> entries() {
        Gen<Long> longs = longs().all();
        // due, last start, pending rings and first, in-flight rings and first, first failure, awaiting directory since,
        // and which of the optional ones are present (the low five bits)
        Gen<List<Long>> numbers = lists().of(longs).ofSize(9);
        return arbitrary().enumValues(Phase.class).zip(numbers, integers().all(), origins(), (phase, n, failures, origin) -> {
            long present = n.get(8);
            int refetches = (present & 1 << 5) == 0 ? 0 : (int) ((n.get(8) >>> 8) & FetchEntry.MAX_REFETCHES);
            return new FetchEntry(phase, n.get(0), optional(present, 0, n.get(1)), refetches,
                    new Rings(n.get(2), optional(present, 1, n.get(3))), new Rings(n.get(4), optional(present, 2, n.get(5))),
                    (present & 1 << 3) == 0 ? Optional.empty() : Optional.of(new FailureStreak(failures, n.get(6))),
                    optional(present, 4, n.get(7)), origin);
        });
    }

    /** Format-1 bytes of any values, sentinels among them as often as not. */
    private static Gen<byte[]> format1Entries() {
        Gen<Long> longs = longs().all().mix(arbitrary().pick(-1L, 0L), 50);
        Gen<List<Long>> numbers = lists().of(longs).ofSize(9);
        return arbitrary().enumValues(Phase.class).zip(numbers, integers().all(), origins(), (phase, n, failures, origin) ->
                format1(phase, n.get(0), n.get(1), n.get(2), n.get(3), n.get(4), n.get(5), failures, n.get(6), n.get(7), origin));
    }

    private static OptionalLong optional(long present, int bit, long value) {
        return (present & 1L << bit) == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Gen<RingOrigin> origins() {
        return topics().zip(integers().all(), longs().all(), RingOrigin::new);
    }

    /** Up to 300 code points of any plane, but no surrogate: a lone one has no UTF-8 form, and topic names are text. */
    private static Gen<String> topics() {
        int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
        Gen<Integer> codePoints = integers().between(0, Character.MAX_CODE_POINT - surrogates)
                .map(c -> c < Character.MIN_SURROGATE ? c : c + surrogates);
        return lists().of(codePoints).ofSizeBetween(0, 300).map(chosen -> chosen.stream()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }
}
