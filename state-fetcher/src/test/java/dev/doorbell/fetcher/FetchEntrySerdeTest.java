package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.model.Json;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;

/** The pending store's binary layout: lossless for every entry, readable from the earlier JSON, strict on garbage. */
class FetchEntrySerdeTest {

    private final FetchEntrySerde serde = new FetchEntrySerde();

    @Property(tries = 500)
    void everyEntrySurvivesTheRoundTrip(@ForAll("entries") FetchEntry entry) {
        byte[] bytes = serde.serializer().serialize("changelog", entry);

        assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(entry);
    }

    @Property(tries = 200)
    void anyTruncationIsRefused(@ForAll("entries") FetchEntry entry, @ForAll("fractions") double kept) {
        byte[] bytes = serde.serializer().serialize("changelog", entry);
        byte[] cut = Arrays.copyOf(bytes, (int) (bytes.length * kept));

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", cut)).isInstanceOf(SerializationException.class);
    }

    @Example
    void entriesWrittenAsJsonByEarlierReleasesAreStillRead() throws Exception {
        FetchEntry entry = new FetchEntry(Phase.IN_FLIGHT_DIRTY, 10, 20, 3, 30, 2, 40, 1, 50, -1, new RingOrigin("vmm.doorbells", 4, 99));
        byte[] json = Json.mapper().writeValueAsBytes(entry);

        assertThat(serde.deserializer().deserialize("changelog", json)).isEqualTo(entry);
    }

    @Example
    void trailingBytesUnknownFormatsAndPhasesAreRefused() {
        byte[] bytes = serde.serializer().serialize("changelog", new FetchEntry(Phase.DIRTY, 1, 2, 3, 4, 5, 6, 7, 8, 9, RingOrigin.UNKNOWN));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 7;
        byte[] otherPhase = bytes.clone();
        otherPhase[1] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", longer)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherFormat)).hasMessageContaining("format 7");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherPhase)).hasMessageContaining("phase 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", new byte[0])).isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize("changelog", null)).isNull();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<FetchEntry> entries() {
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<RingOrigin> origins = Combinators.combine(
                Arbitraries.strings().ofMaxLength(300), Arbitraries.integers(), longs).as(RingOrigin::new);
        return Combinators.combine(
                Combinators.combine(Arbitraries.of(Phase.class), longs, longs, longs, longs, longs, longs).as(Partial::new),
                Arbitraries.integers(), longs, longs, origins)
                .as((p, failures, firstFailure, awaiting, origin) -> new FetchEntry(p.phase, p.due, p.lastStart, p.pendingRings,
                        p.pendingFirst, p.inFlightRings, p.inFlightFirst, failures, firstFailure, awaiting, origin));
    }

    private record Partial(Phase phase, long due, long lastStart, long pendingRings, long pendingFirst, long inFlightRings,
                           long inFlightFirst) {}
}
