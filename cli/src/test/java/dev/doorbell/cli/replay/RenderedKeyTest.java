package dev.doorbell.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hostile 10 KB key: the table line shows its start and its length, the JSON line the whole key. */
class RenderedKeyTest {

    private static final String HUGE_KEY = "k".repeat(10 * 1024);
    private static final String VMM_KEY = "0b7e8a52-3f1c-4c11-9d5e-8f6b2a1c9e07";

    private static ReplayedRecord withKey(String key) {
        return new ReplayedRecord("vmm.doorbells", 3, 17, Instant.parse("2025-01-31T12:00:00.120Z"), key,
                List.of(new ReplayedRecord.HeaderText("source", "sled")), new ReplayedValue.NoBody());
    }

    @Test
    void theTableCutsALongKeyAndSaysHowLongItWas() {
        String line = new TableRenderer().render(withKey(HUGE_KEY));

        assertThat(line).hasSizeLessThan(300)
                .contains("k".repeat(TableRenderer.KEY_PREVIEW) + "… (10240 chars)")
                .doesNotContain("k".repeat(TableRenderer.KEY_PREVIEW + 1))
                .endsWith("(no body)  [source=sled]");
    }

    @Test
    void theTableShowsAVmmIdKeyWhole() {
        assertThat(new TableRenderer().render(withKey(VMM_KEY))).contains("  " + VMM_KEY + "  (no body)").doesNotContain("…");
    }

    @Test
    void jsonKeepsTheWholeKey() throws Exception {
        String line = new JsonRenderer().render(withKey(HUGE_KEY));

        assertThat(new ObjectMapper().readTree(line).get("key").asText()).isEqualTo(HUGE_KEY);
    }
}
