package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.model.Json;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The pending store's binary layout: lossless for every entry, readable from the earlier JSON, strict on garbage. */
class FetchEntrySerdeTest {

    private final FetchEntrySerde serde = new FetchEntrySerde();

    @Test
    void everyEntrySurvivesTheRoundTrip() {
        qt().withExamples(500).forAll(entries()).checkAssert(entry -> {
            byte[] bytes = serde.serializer().serialize("changelog", entry);

            assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(entry);
        });
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
    void entriesWrittenAsJsonByEarlierReleasesAreStillRead() throws Exception {
        FetchEntry entry = new FetchEntry(Phase.IN_FLIGHT_DIRTY, 10, 20, 3, 30, 2, 40, 1, 50, -1, new RingOrigin("vmm.doorbells", 4, 99));
        byte[] json = Json.mapper().writeValueAsBytes(entry);

        assertThat(serde.deserializer().deserialize("changelog", json)).isEqualTo(entry);
    }

    @Test
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

    /** 0, 0.001, ..., 0.999: how much of an entry's bytes a truncation keeps. */
    private static Gen<Double> fractions() {
        return integers().between(0, 999).map(thousandths -> thousandths / 1000.0);
    }

    private static Gen<FetchEntry> entries() {
        Gen<Long> longs = longs().all();
        Gen<RingOrigin> origins = topics().zip(integers().all(), longs, RingOrigin::new);
        // due, last start, pending rings and first, in-flight rings and first, first failure, awaiting directory since
        Gen<List<Long>> numbers = lists().of(longs).ofSize(8);
        return arbitrary().enumValues(Phase.class).zip(numbers, integers().all(), origins,
                (phase, n, failures, origin) -> new FetchEntry(phase, n.get(0), n.get(1), n.get(2), n.get(3), n.get(4), n.get(5),
                        failures, n.get(6), n.get(7), origin));
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
