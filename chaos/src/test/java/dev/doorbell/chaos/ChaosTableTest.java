package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosTableTest {

    private static final Instant WHEN = Instant.parse("2026-12-01T10:00:00Z");

    private static ChaosRow row(String scenario, long millis) {
        return new ChaosRow(scenario, "a | fault", 300, 4200, millis, 0, WHEN, 2);
    }

    @Test
    void rendersOneLinePerRowWithProvenance() {
        String table = ChaosTable.render(List.of(row("1 broker killed", 12_345), row("2 fetcher killed", 800)));

        assertThat(table.lines()).startsWith(
                "| scenario | fault | VMMs | state changes | time to converge | lost |",
                "|---|---|---:|---:|---:|---:|",
                "| 1 broker killed | a \\| fault | 300 | 4200 | 12.3 s | 0 |",
                "| 2 fetcher killed | a \\| fault | 300 | 4200 | 0.8 s | 0 |");
        assertThat(table).contains("2026-12-01", "2 cores");
    }

    @Test
    void replacesOnlyTheBlockBetweenTheMarkers() {
        String document = "# T\n\n## Chaos suite\n\nintro\n\n" + ChaosTable.BEGIN + "\nold table\n" + ChaosTable.END + "\n\n## After\n";

        String updated = ChaosTable.replaceBlock(document, "new table\n");

        assertThat(updated).isEqualTo("# T\n\n## Chaos suite\n\nintro\n\n" + ChaosTable.BEGIN + "\nnew table\n"
                + ChaosTable.END + "\n\n## After\n");
        assertThat(ChaosTable.replaceBlock(updated, "new table\n")).isEqualTo(updated);
    }

    @Test
    void appendsTheSectionWhenTheMarkersAreMissing() {
        String updated = ChaosTable.replaceBlock("# T\n\ntext", "table\n");

        assertThat(updated).startsWith("# T\n\ntext\n\n## Chaos suite\n\n")
                .endsWith(ChaosTable.BEGIN + "\ntable\n" + ChaosTable.END + "\n");
    }

    @Test
    void rowsRoundTripThroughTheirFilesInScenarioOrder(@TempDir Path dir) {
        ChaosReport.write(dir, row("10 later", 1));
        ChaosReport.write(dir, row("2 second", 2));
        ChaosReport.write(dir, row("2 second", 3));

        assertThat(ChaosReport.read(dir)).containsExactly(row("2 second", 3), row("10 later", 1));
    }

    @Test
    void findsTheRepositoryRootByItsWrapper(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("mvnw"));
        Path module = Files.createDirectories(dir.resolve("chaos/target"));

        assertThat(ChaosReportListener.repositoryRoot(module)).isEqualTo(dir.toAbsolutePath().normalize());
    }
}
