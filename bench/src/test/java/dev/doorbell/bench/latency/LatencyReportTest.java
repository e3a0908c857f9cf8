package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyReportTest {

    @Test
    void writesTableJsonAndOnePngPerModeFromFixedNumbers(@TempDir Path dir) throws Exception {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 1..100 ms, unsorted on purpose
        }
        List<LatencyResult> results = List.of(
                new LatencyResult(LatencyMode.DOORBELL, 200, 102, hundred, 2),
                new LatencyResult(LatencyMode.DOORBELL, 1000, 5, new double[] {4, 2, 3, 1, 5}, 0),
                new LatencyResult(LatencyMode.WATCHER_ONLY, 200, 3, new double[0], 3));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("poll_interval_ms", 5);
        settings.put("watcher_only_sweep_period_ms", 2000);

        List<Path> files = LatencyReport.write(dir, settings, results);

        assertThat(files).containsExactly(dir.resolve("report.md"), dir.resolve("results.json"),
                dir.resolve("cdf-doorbell.png"), dir.resolve("cdf-watcher-only.png"));
        for (Path png : files.subList(2, 4)) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).isGreaterThan(1000);
            assertThat(bytes[1]).isEqualTo((byte) 'P'); // \x89PNG
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("| doorbell | 200 | 102 | 100 | 2 | 50.0 | 99.0 | 100.0 | 100.0 |")
                .contains("| doorbell | 1000 | 5 | 5 | 0 | 3.0 | 5.0 | 5.0 | 5.0 |")
                .contains("| watcher-only | 200 | 3 | 0 | 3 | – | – | – | – |")
                .contains("cdf-doorbell.png");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("scenario").asText()).isEqualTo("latency");
        assertThat(json.path("settings").path("watcher_only_sweep_period_ms").asInt()).isEqualTo(2000);
        JsonNode first = json.path("results").get(0);
        assertThat(first.path("mode").asText()).isEqualTo("doorbell");
        assertThat(first.path("changes_measured").asInt() + first.path("not_seen_applied").asInt())
                .isEqualTo(first.path("changes_made").asInt());
        assertThat(first.path("p99_ms").asDouble()).isEqualTo(99.0);
        assertThat(json.path("results").get(2).path("p50_ms").isNull()).isTrue();
    }

    @Test
    void quantilesAreNearestRank() {
        LatencyResult r = new LatencyResult(LatencyMode.DIRECT_UPCALL, 1, 4, new double[] {10, 20, 30, 40}, 0);
        assertThat(r.quantile(0.5)).isEqualTo(20);
        assertThat(r.quantile(0.99)).isEqualTo(40);
        assertThat(r.max()).isEqualTo(40);
        assertThat(LatencyMode.parse("upcall-body")).isEqualTo(LatencyMode.UPCALL_BODY);
    }
}
