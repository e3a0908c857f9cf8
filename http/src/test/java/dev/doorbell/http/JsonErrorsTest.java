package dev.doorbell.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    record Inner(int count) {
    }

    record Outer(String name, Inner inner, List<Inner> items) {
        Outer {
            if ("bad".equals(name)) {
                throw new IllegalArgumentException("name must not be 'bad'");
            }
        }
    }

    @Test
    void saysWhereAndWhatButNeverWhichJavaType() {
        assertThat(describe("{\"name\":\"a\",\"inner\":{\"count\":\"many\"}}")).isEqualTo("invalid value for /inner/count");
        assertThat(describe("{\"name\":\"a\",\"items\":[{\"count\":1},{\"count\":{}}]}"))
                .isEqualTo("wrong type or missing value for /items/1/count");
        assertThat(describe("{\"name\":\"a\",\"inner\":{\"surprise\":1}}")).isEqualTo("unknown member 'surprise' in /inner");
        assertThat(describe("{\"name\":\"bad\"}")).isEqualTo("invalid body: name must not be 'bad'");
        assertThat(describe("[]")).isEqualTo("the body does not have the expected shape");
        assertThat(describe("{\"name\":")).startsWith("malformed JSON at line 1, column ");
        assertThat(describe("{\"name\":\"a\"} {}")).isEqualTo("unexpected content after the JSON value");
    }

    private static String describe(String json) {
        try {
            MAPPER.readValue(json, Outer.class);
            throw new AssertionError("accepted " + json);
        } catch (JsonProcessingException e) {
            String text = JsonErrors.describe(e);
            assertThat(text).doesNotContainIgnoringCase("dev.doorbell").doesNotContain("java.").doesNotContain("Outer");
            return text;
        }
    }
}
