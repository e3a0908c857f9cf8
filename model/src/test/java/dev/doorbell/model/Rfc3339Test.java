package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class Rfc3339Test {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: every instant the common shape can name. */
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** An instant in the shape's range written with 0 to 9 fraction digits (0: no fraction), as chrono and Jackson write it. */
    private static Gen<String> commonShape() {
        return longs().between(FIRST, LAST).zip(integers().between(0, 999_999_999), integers().between(0, 9), (seconds, nanos, digits) -> {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds)).substring(0, 19);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
            return whole + fraction + "Z";
        });
    }

    /** A common-shape timestamp with one character replaced by one that often breaks it: a digit, a sign, a letter, a colon. */
    private static Gen<String> nearMiss() {
        String replacements = "0123456789+-:.TtZz \u0660";
        return commonShape().zip(integers().between(0, 29), integers().between(0, replacements.length() - 1), (text, at, with) -> {
            int i = Math.min(at, text.length() - 1);
            return text.substring(0, i) + replacements.charAt(with) + text.substring(i + 1);
        });
    }

    private static Optional<Instant> general(String text) {
        try {
            Instant instant = Instant.parse(text);
            assertThat(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant())
                    .as("both general parsers agree on %s", text).isEqualTo(instant);
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Test
    void readsEveryCommonShapeTimestampAsTheGeneralParsersDo() {
        qt().withExamples(20_000).forAll(commonShape()).checkAssert(text ->
                assertThat(Optional.ofNullable(Rfc3339.parseCommonOrNull(text))).as(text).isEqualTo(general(text)).isPresent());
    }

    @Test
    void neverReadsANearMissDifferentlyFromTheGeneralParsers() {
        qt().withExamples(20_000).forAll(nearMiss()).checkAssert(text -> {
            Instant common = Rfc3339.parseCommonOrNull(text);
            if (common != null) {
                assertThat(general(text)).as(text).contains(common);
            }
        });
    }

    @Test
    void leavesOtherShapesAndImpossibleDatesToTheGeneralParser() {
        for (String text : List.of("2026-01-02T03:04:05+00:00", "2026-01-02T04:04:05+01:00", "2026-01-02t03:04:05z",
                "2016-12-31T23:59:60Z", "2026-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-02T24:00:00Z",
                "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05.1234567890Z", "2026-01-02 03:04:05Z", "+2026-01-02T03:04:05Z",
                "2026-01-02T03:04Z", "")) {
            assertThat(Rfc3339.parseCommonOrNull(text)).as(text).isNull();
        }
        assertThat(Rfc3339.parseCommonOrNull("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
    }

    @Test
    void everyMapperReadsInstantsThroughTheCommonShapeFirstAndKeepsItsOwnRules() throws Exception {
        for (ObjectMapper mapper : List.of(Json.mapper(), Json.idKeyedMapper(), Json.strictMapper())) {
            assertThat(instantDeserializer(mapper)).isInstanceOf(CommonInstantDeserializer.class);
            assertThat(mapper.readValue("\"2026-01-02T03:04:05.123456Z\"", Instant.class)).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
            assertThat(mapper.readValue("\"2026-01-02T04:04:05+01:00\"", Instant.class)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThatThrownBy(() -> mapper.readValue("\"2026-02-30T00:00:00Z\"", Instant.class)).isInstanceOf(InvalidFormatException.class);
        }
        // the tolerant mappers still take epoch seconds (JavaTimeModule's rule), the strict one does not
        assertThat(Json.mapper().readValue("1767323045", Instant.class)).isEqualTo(Instant.ofEpochSecond(1_767_323_045));
        assertThatThrownBy(() -> Json.strictMapper().readValue("1767323045", Instant.class)).isInstanceOf(MismatchedInputException.class);
        assertThat(Json.mapper().readValue("null", Instant.class)).isNull();
    }

    private static Object instantDeserializer(ObjectMapper mapper) throws Exception {
        try (JsonParser parser = mapper.createParser("\"\"")) {
            DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                    .createInstance(mapper.getDeserializationConfig(), parser, mapper.getInjectableValues());
            return context.findRootValueDeserializer(mapper.constructType(Instant.class));
        }
    }
}
