package dev.doorbell.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.reconciler.audit.AuditReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {

    private static final long MB = 1024 * 1024;

    @Test
    void everyRoleIsKilledWithinOneRoundOfTheRotation() {
        assertThat(Soak.rotation(List.of("fetcher-1", "fetcher-2"), List.of("reconciler-1", "reconciler-2"), List.of("sled-1", "sled-2", "sled-3")))
                .containsExactly("fetcher-1", "reconciler-1", "sled-1", "fetcher-2", "reconciler-2", "sled-2");
        assertThat(Soak.rotation(List.of("fetcher-1"), List.of("reconciler-1", "reconciler-2"), List.of()))
                .containsExactly("fetcher-1", "reconciler-1", "reconciler-2");
    }

    @Test
    void theReportStatesWhatWasLostKilledAndHowMemoryMoved(@TempDir Path out) throws Exception {
        SoakSettings settings = new SoakSettings(Duration.ofMinutes(30), Duration.ofMinutes(3), Duration.ofSeconds(10), 100, 5);
        List<SoakSample> samples = List.of(
                new SoakSample(10, Map.of("fetcher-1", 200 * MB, "reconciler-1", 150 * MB), Map.of("fetcher-1", 50.0 * MB), 3, 1, 100),
                new SoakSample(20, Map.of("fetcher-1", 260 * MB, "reconciler-1", 140 * MB), Map.of("fetcher-1", 80.0 * MB), 40, 2, 180),
                new SoakSample(30, Map.of("fetcher-1", 240 * MB), Map.of("fetcher-1", 60.0 * MB), 0, 0, 250));
        AuditReport audit = new AuditReport(Instant.parse("2026-12-05T20:00:00Z"), Duration.ofSeconds(10), 3, 300, 300, List.of(), List.of());
        SoakResult result = new SoakResult(settings, samples, List.of(new Kill(15, "fetcher-1", 4242)),
                List.of("19:02:00 fetcher-1 (pid 4242) died, exit 137 after 45 s; restarting it"), audit, 0);

        String md = SoakReport.markdown(result, "Run of 2026-12-05 on 2 cores");
        assertThat(md).contains("**Lost: 0**", "| 15 | fetcher-1 | 4242 |", "died, exit 137",
                "| fetcher-1 | 200 | 240 | 260 | 60 | 80 |", "| reconciler-1 | 150 | 140 | 150 |",
                "largest 40 doorbells (fetchers), 2 observations (reconcilers); at the end 0 and 0");

        Path dir = SoakReport.write(result, out, "Run of 2026-12-05 on 2 cores");
        assertThat(dir.resolve("report.md")).content().isEqualTo(md);
        assertThat(Files.size(dir.resolve("memory.png"))).isPositive();
        assertThat(Files.size(dir.resolve("lag.png"))).isPositive();
    }

    @Test
    void settingsRefuseWhatCannotBeRun() {
        assertThatThrownBy(() -> new SoakSettings(Duration.ZERO, Duration.ofMinutes(3), Duration.ofSeconds(10), 100, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoakSettings(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofSeconds(10), 0, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
