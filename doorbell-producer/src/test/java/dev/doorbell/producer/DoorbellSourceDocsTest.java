package dev.doorbell.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The set of doorbell sources the design's topic table and its decisions name is the set the code sends (read-only: edits nothing). */
class DoorbellSourceDocsTest {

    private static final List<String> WIRE_NAMES = Arrays.stream(DoorbellSource.values()).map(DoorbellSource::wireName).toList();

    @Test
    void theDesignsTopicTableNamesEverySource() throws Exception {
        String row = Files.readAllLines(repositoryFile("docs/DESIGN.md")).stream()
                .filter(line -> line.startsWith("| `vmm.doorbells` |")).findFirst().orElseThrow();

        assertThat(quotedIn(between(row, "headers `source` (", ")"))).containsExactlyInAnyOrderElementsOf(WIRE_NAMES);
    }

    @Test
    void theDesignsDoorbellHeadersDecisionNamesEverySource() throws Exception {
        String text = Files.readString(repositoryFile("docs/DESIGN.md")).replaceAll("\\s+", " ");

        assertThat(quotedIn(between(text, "**Doorbell headers**: `source` (who rang: ", ";")))
                .containsExactlyInAnyOrderElementsOf(WIRE_NAMES);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' in the text", start).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static List<String> quotedIn(String text) {
        Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Tests run in the module's directory; the docs live at the repository's root. */
    private static Path repositoryFile(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(name)) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException(name + " not found above " + here);
    }
}
