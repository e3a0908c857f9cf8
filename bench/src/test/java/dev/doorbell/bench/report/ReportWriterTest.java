package dev.doorbell.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.CpuTimes;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import dev.doorbell.bench.stack.LatencySamples;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.PipelineCounters;
import dev.doorbell.bench.stack.SledRequests;
import dev.doorbell.bench.stack.StageLatency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final long MS = 1_000_000;

    private static PhaseCost cost(long wallMs, Map<Component, Long> cpuMs, long fetches, SledRequests sled) {
        Map<Component, Long> nanos = new EnumMap<>(Component.class);
        cpuMs.forEach((c, ms) -> nanos.put(c, ms * MS));
        return new PhaseCost(Duration.ofMillis(wallMs), new CpuTimes(nanos), new PipelineCounters(fetches, fetches, fetches, fetches, sled,
                0, 0, 0));
    }

    private static PhaseCost withJvm(PhaseCost cost, JvmWork jvm) {
        return new PhaseCost(cost.wall(), cost.cpu(), cost.counters(), Optional.of(jvm));
    }

    @Test
    void writesTablesJsonAndPlotsFromFixedNumbers(@TempDir Path dir) throws Exception {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 1..100 ms, unsorted on purpose
        }
        PhaseResult doorbell = new PhaseResult(DeliveryMode.DOORBELL, "200/s", 200, 102, LatencySamples.of(hundred), 2, 50, 0,
                withJvm(cost(2_000, Map.of(Component.BROKER, 51L, Component.FETCHER, 102L), 51, new SledRequests(10, 5, 0)),
                        new JvmWork(51, 3, 204)),
                System.currentTimeMillis() - 1_000, Map.of("k", 20), new StageLatency(Map.of(
                        StageHistogram.RING_TO_EMIT, new StageLatency.Stage(90, 2.097152, 8.388608, 1.75),
                        StageHistogram.CHANGE_TO_COMMIT, new StageLatency.Stage(100, 5.24288, 16.777216, 4.5),
                        StageHistogram.PUBLISH_TO_COMMIT, new StageLatency.Stage(100, 3.145728, 12.582912, 2.25),
                        StageHistogram.SLED_REQUEST, new StageLatency.Stage(80, 1.048576, 4.194304, 0.8),
                        StageHistogram.TRANSACTION, new StageLatency.Stage(20, 1.048576, 2.097152, 0.9))));
        PhaseResult watcher = new PhaseResult(DeliveryMode.WATCHER_ONLY, "200/s", 200, 3, LatencySamples.EMPTY, 3, 3, 3,
                cost(1_000, Map.of(), 0, SledRequests.NONE), System.currentTimeMillis(), Map.of(), StageLatency.NONE);
        Table extra = new Table("fleet_sizes", "Per fleet size", List.of("VMMs", "heap MB"), List.of(Arrays.asList(1000, 12.5),
                Arrays.asList(10000, Double.NaN)));
        ChartFile chart = new ChartFile("cost-vs-vmms", "cost", List.of(
                Plots.lines("a", "x", "y", true, List.of("s"), List.of(new double[] {1, 10}), List.of(new double[] {1, 2})),
                Plots.lines("b", "x", "y", false, List.of("s"), List.of(new double[0]), List.of(new double[0]))), 2);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("poll_interval_ms", 5);
        settings.put("mode_order", Map.of("200/s", List.of("watcher-only", "doorbell")));
        settings.put("mode_order_rule", "rotated");
        settings.put("warmup", "3.0 s per mode at 200 changes/s");
        settings.put("at_rest_jit_settle", "waited 2100 ms");
        ScenarioReport report = new ScenarioReport("latency", "Intro.", settings, List.of(doorbell, watcher),
                withJvm(cost(1_000, Map.of(Component.BROKER, 40L), 0, SledRequests.NONE), new JvmWork(7, 1, 3)), List.of(extra),
                List.of(chart));

        List<Path> files = ReportWriter.write(dir, report);

        assertThat(files).containsExactlyInAnyOrder(dir.resolve("report.md"), dir.resolve("results.json"),
                dir.resolve("cdf-doorbell.png"), dir.resolve("over-time-doorbell.png"), dir.resolve("cdf-watcher-only.png"),
                dir.resolve("over-time-watcher-only.png"), dir.resolve("cost-vs-vmms.png"));
        for (Path png : files.stream().filter(f -> f.toString().endsWith(".png")).toList()) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).isGreaterThan(1000);
            assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| doorbell | 200/s | 200 | 102 | 100 | 2 | 50.0 | 99.0 | 100.0 | 100.0 | 2.1 / 8.4 | 5.2 / 16.8 | – | 3.1 / 12.6 | 0.500 | 0.147 | 1.500 | 0.08 | 0 / 50 | 20 |")
                .contains("## The doorbell's path, stage by stage: p50 / p99 ms")
                .contains("| doorbell | 200/s | – | 1.0 / 4.2 | – | 2.1 / 8.4 | 3.1 / 12.6 | 1.0 / 2.1 | – | 50.0 / 99.0 |")
                .contains("## The doorbell's path, stage by stage: mean ms")
                .contains("| doorbell | 200/s | – | 0.80 | – | 1.75 | 2.25 | 0.90 | – | 50.50 |")
                .contains("| watcher-only | 200/s | 200 | 3 | 0 | 3 | – | – | – | – | – | – | – | – | 0.000 | 0.000 | – | – | 3 / 3 | – |")
                .contains("| doorbell | 200/s | 0.500 | – | – | – | 1.000 | – | – | – | – | 1.500 | 0.716 | 0.500 | 2.000 | 3 |")
                .contains("| watcher-only | 200/s | – | – | – | – | – | – | – | – | – | – | – | – | – | – |")
                .contains("| 40.0 | 7.0 | 3.0 | 1 |")
                .contains("Before this window the bench waited 2100 ms.")
                .contains("Warm-up: 3.0 s per mode at 200 changes/s.")
                .contains("Mode order (rotated):").contains("- 200/s: watcher-only, doorbell")
                .contains("## Per fleet size").contains("| 10000 | – |")
                .contains("![doorbell latency CDF](cdf-doorbell.png)").contains("![cost](cost-vs-vmms.png)")
                .contains(ReportWriter.CPU_METHOD).contains("reconciler change→commit p50 / p99 ms").contains("fetcher ring→emitted p50 / p99 ms")
                .contains("from the state change's `time_updated` on the sled to the first poll of the reconciler's database (every 5 ms)")
                .contains("`doorbell audit`'s audit");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("scenario").asText()).isEqualTo("latency");
        JsonNode first = json.path("results").get(0);
        assertThat(first.path("changes_measured").asLong() + first.path("not_seen_applied").asLong())
                .isEqualTo(first.path("changes_made").asLong());
        assertThat(first.path("p99_ms").asDouble()).isEqualTo(99.0);
        assertThat(first.path("fetcher_histogram").path("ring_to_emit_count").asLong()).isEqualTo(90);
        assertThat(first.path("fetcher_histogram").path("ring_to_emit_p99_ms").asDouble()).isEqualTo(8.389);
        assertThat(first.path("reconciler_histogram").path("change_to_commit_count").asLong()).isEqualTo(100);
        assertThat(first.path("reconciler_histogram").path("change_to_commit_p99_ms").asDouble()).isEqualTo(16.777);
        assertThat(first.path("reconciler_histogram").path("ring_to_commit_p99_ms").isNull()).as("recorded nothing").isTrue();
        assertThat(first.path("reconciler_histogram").path("publish_to_commit_p50_ms").asDouble()).isEqualTo(3.146);
        assertThat(first.path("reconciler_histogram").path("publish_to_commit_p99_ms").asDouble()).isEqualTo(12.583);
        assertThat(first.path("fetcher_histogram").path("sled_request_count").asLong()).isEqualTo(80);
        assertThat(first.path("fetcher_histogram").path("ring_to_start_p50_ms").isNull()).as("recorded nothing").isTrue();
        assertThat(json.path("tables").path("path_stages")).as("the doorbell's phase only: the watcher's emitted nothing").hasSize(1);
        assertThat(json.path("tables").path("path_means")).hasSize(1);
        assertThat(first.path("fetcher_histogram").path("ring_to_emit_mean_ms").asDouble()).isEqualTo(1.75);
        assertThat(first.path("cpu_ms_per_change").path("broker").asDouble()).isEqualTo(0.5);
        assertThat(first.path("cpu_ms_per_change").path("database").isNull()).isTrue();
        assertThat(first.path("counters").path("sled_batch_posts").asLong()).isEqualTo(5);
        assertThat(first.path("cpu_ms_per_change_above_rest").asDouble()).isEqualTo(0.716); // (153 - 40 x 2) / 102
        assertThat(first.path("k").asInt()).isEqualTo(20);
        assertThat(first.path("jvm").path("jit_compile_ms").asLong()).isEqualTo(51);
        assertThat(first.path("jvm").path("gc_count").asLong()).isEqualTo(3);
        assertThat(first.path("jvm").path("gc_ms_per_change").asDouble()).isEqualTo(2.0);
        assertThat(json.path("results").get(1).path("jvm").path("jit_compile_ms").isNull()).as("not measured").isTrue();
        assertThat(json.path("at_rest").path("jvm").path("gc_ms").asLong()).isEqualTo(3);
        assertThat(json.path("results").get(1).path("p50_ms").isNull()).isTrue();
        assertThat(json.path("at_rest").path("cpu_ms").path("broker").asDouble()).isEqualTo(40.0);
        assertThat(json.path("tables").path("fleet_sizes").get(1).path("heap MB").isNull()).isTrue();
    }

    @Test
    void quantilesAreNearestRank() {
        double[] sorted = {10, 20, 30, 40};
        assertThat(PhaseResult.quantile(sorted, 0.5)).isEqualTo(20);
        assertThat(PhaseResult.quantile(sorted, 0.99)).isEqualTo(40);
        assertThat(PhaseResult.quantile(sorted, 1.0)).isEqualTo(40);
        assertThat(PhaseResult.quantile(new double[0], 0.5)).isNaN();
        assertThat(DeliveryMode.parse("upcall-body")).isEqualTo(DeliveryMode.UPCALL_BODY);
    }
}
