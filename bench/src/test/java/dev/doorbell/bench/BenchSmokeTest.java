package dev.doorbell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.bench.burst.BurstBench;
import dev.doorbell.bench.burst.BurstShape;
import dev.doorbell.bench.latency.JitSettle;
import dev.doorbell.bench.latency.LatencyBench;
import dev.doorbell.bench.latency.LeadIn;
import dev.doorbell.bench.latency.ModeRotation;
import dev.doorbell.bench.latency.RoundsSummary;
import dev.doorbell.bench.mixed.MixedBench;
import dev.doorbell.bench.report.PhaseResult;
import dev.doorbell.bench.report.ReportWriter;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.scale.ScaleBench;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.ExternalServers;
import dev.doorbell.bench.stack.PathWaits;
import dev.doorbell.bench.stack.Progress;
import dev.doorbell.bench.stack.StageLatency;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of every {@code doorbell bench} scenario at tiny sizes on the test JVM's real broker,
 * registry and PostgreSQL: the report files appear and their figures agree with each other. No
 * figure about time is asserted.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
@Timeout(180)
class BenchSmokeTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(5);

    private final StringWriter console = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(console, true));
    private BenchServers servers;

    @BeforeEach
    void servers(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres) {
        servers = new ExternalServers(kafka.bootstrapServers(), registry.ccompatUrl(), postgres.jdbcUrl(), postgres.user(),
                postgres.password());
    }

    /** The progress lines go to the test's output file: the first thing to read when a run fails. */
    @AfterEach
    void printProgress() {
        System.out.println(console);
    }

    /** Also with every wait on the doorbell's path at 0 and two stream threads: nothing is lost, and the report says what the stack ran. */
    @Test
    void latencyInRoundsRunsEveryPhaseOncePerRoundRotatedFurtherAndSummarisesThem(@TempDir Path dir) throws Exception {
        List<DeliveryMode> modes = List.of(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL);
        LatencyBench.Options options = new LatencyBench.Options(List.of(20), 20, 2, SECOND, Duration.ofMillis(500), modes, POLL,
                Duration.ZERO, Duration.ofMillis(500)).withLeadIn(Optional.empty()).withRounds(2)
                .withWaits(new PathWaits(Duration.ZERO, Duration.ZERO, Duration.ZERO, false)).withStreamThreads(2);

        ScenarioReport report = new LatencyBench(options, progress).run(servers);

        JsonNode json = written(dir, report, "cdf-doorbell.png", "cdf-direct-upcall.png");
        assertThat(report.phases()).extracting(PhaseResult::mode).containsExactly(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL,
                DeliveryMode.DIRECT_UPCALL, DeliveryMode.DOORBELL);
        assertThat(report.phases()).extracting(PhaseResult::label).containsExactly("20/s #1", "20/s #1", "20/s #2", "20/s #2");
        report.phases().forEach(BenchSmokeTest::consistent);
        assertThat(json.path("settings").path("rounds").asInt()).isEqualTo(2);
        assertThat(json.path("settings").path("sled_ring_linger_ms").asLong()).isZero();
        assertThat(json.path("settings").path("fetcher_gather_ms").asLong()).isZero();
        assertThat(json.path("settings").path("fetcher_observation_linger_ms").asLong()).isZero();
        assertThat(json.path("settings").path("fetcher_stream_threads").asInt()).isEqualTo(2);
        assertThat(json.path("settings").path("mode_order").path("20/s #2")).extracting(JsonNode::asText)
                .containsExactly("direct-upcall", "doorbell");
        assertThat(report.tables()).singleElement().satisfies(t -> {
            assertThat(t.key()).isEqualTo(RoundsSummary.KEY);
            assertThat(t.rows()).extracting(row -> row.get(0)).containsExactly("doorbell", "direct-upcall");
            assertThat(t.rows()).extracting(row -> row.get(2)).containsExactly(2, 2);
        });
        assertThat(Files.readString(dir.resolve("report.md"))).contains("Rounds: median per mode and rate");
    }

    @Test
    void latencyInEveryModeWarmsUpRotatesTheOrderAndReportsJitAndGc(@TempDir Path dir) throws Exception {
        JitSettle settle = new JitSettle(Duration.ofMillis(500), 10, Duration.ofSeconds(3), Duration.ofMillis(50));
        LatencyBench.Options options = new LatencyBench.Options(List.of(40, 20), 20, 2, SECOND, Duration.ofMillis(500),
                List.of(DeliveryMode.values()), POLL, Duration.ofMillis(300), Duration.ofMillis(500), settle,
                Optional.of(new LeadIn(new JitSettle(Duration.ofMillis(300), 1_000_000, Duration.ofSeconds(2), Duration.ofMillis(50)))), 1,
                PathWaits.SHIPPED, 1);

        ScenarioReport report = new LatencyBench(options, progress).run(servers);

        JsonNode json = written(dir, report, "cdf-doorbell.png", "over-time-doorbell.png", "cdf-watcher-only.png",
                "over-time-upcall-body.png");
        List<DeliveryMode> all = List.of(DeliveryMode.values());
        List<DeliveryMode> rotated = new ModeRotation(all).forRate(1);
        assertThat(rotated.getFirst()).isNotEqualTo(all.getFirst());
        assertThat(report.phases()).extracting(PhaseResult::mode)
                .containsExactlyElementsOf(Stream.concat(all.stream(), rotated.stream()).toList());
        assertThat(report.phases()).extracting(PhaseResult::label).containsExactly("40/s", "40/s", "40/s", "40/s", "20/s", "20/s",
                "20/s", "20/s");
        report.phases().forEach(BenchSmokeTest::consistent);
        PhaseResult doorbell = report.phases().getFirst();
        assertThat(doorbell.cost().counters().fetches()).isPositive();
        assertThat(doorbell.cost().counters().sled().total()).isPositive();
        assertThat(phase(report, DeliveryMode.DIRECT_UPCALL).cost().counters().fetches()).isZero();
        assertThat(phase(report, DeliveryMode.WATCHER_ONLY).cost().counters().sweeps()).isPositive();
        StageLatency viaConsumer = doorbell.stageLatency();
        assertThat(viaConsumer.changeToCommit().count()).as("the doorbell path goes through the reconciler's consumer").isPositive();
        assertThat(viaConsumer.ringToCommit().count()).isPositive();
        assertThat(viaConsumer.changeToCommit().p99()).isGreaterThanOrEqualTo(viaConsumer.changeToCommit().p50()).isPositive();
        assertThat(viaConsumer.ringToCommit().p99()).isGreaterThanOrEqualTo(viaConsumer.ringToCommit().p50()).isPositive();
        assertThat(viaConsumer.ringToEmit().count()).as("the fetcher emitted what the doorbells caused").isPositive();
        assertThat(viaConsumer.ringToEmit().p99()).isGreaterThanOrEqualTo(viaConsumer.ringToEmit().p50()).isPositive();
        assertThat(viaConsumer.of(StageHistogram.SLED_REQUEST).count()).as("the fetcher's sled requests").isPositive();
        assertThat(viaConsumer.of(StageHistogram.FETCH).count()).isEqualTo(viaConsumer.of(StageHistogram.SLED_REQUEST).count());
        assertThat(viaConsumer.of(StageHistogram.RING_TO_START).p50()).as("a fetch starts before its observation is emitted")
                .isLessThanOrEqualTo(viaConsumer.ringToEmit().p50());
        assertThat(viaConsumer.publishToCommit().count()).as("every observation the fetcher emitted has a record timestamp")
                .isEqualTo(viaConsumer.changeToCommit().count());
        assertThat(viaConsumer.publishToCommit().p50()).as("the second hop is part of the whole path")
                .isPositive().isLessThanOrEqualTo(viaConsumer.ringToCommit().p50());
        assertThat(phase(report, DeliveryMode.UPCALL_BODY).stageLatency().ringToEmit().count()).as("no fetch in upcall-body").isZero();
        assertThat(phase(report, DeliveryMode.UPCALL_BODY).stageLatency().changeToCommit().count()).as("bodies go through vmm.states").isPositive();
        assertThat(phase(report, DeliveryMode.UPCALL_BODY).stageLatency().ringToCommit().count()).as("no doorbell caused them").isZero();
        assertThat(phase(report, DeliveryMode.UPCALL_BODY).stageLatency().publishToCommit().count()).as("the gateway's records are stamped")
                .isEqualTo(phase(report, DeliveryMode.UPCALL_BODY).stageLatency().changeToCommit().count());
        assertThat(phase(report, DeliveryMode.DIRECT_UPCALL).stageLatency().changeToCommit().count()).as("straight to the database").isZero();
        assertThat(json.path("results").get(0).path("reconciler_histogram").path("ring_to_commit_p99_ms").isNumber()).isTrue();
        assertThat(json.path("results").get(0).path("fetcher_histogram").path("ring_to_emit_p99_ms").isNumber()).isTrue();
        assertThat(report.idle()).isNotNull();
        assertThat(json.path("settings").path("cpu_measured").toString()).contains("broker", "registry", "database", "fetcher");
        assertThat(console.toString()).contains("[#").contains("warm-up watcher-only 20/s").contains("warm-up doorbell 40/s").contains("before the at-rest window");

        JsonNode settings = json.path("settings");
        assertThat(settings.path("mode_order").path("40/s")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(all.stream().map(DeliveryMode::wireName).toList());
        assertThat(settings.path("mode_order").path("20/s")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(rotated.stream().map(DeliveryMode::wireName).toList());
        assertThat(settings.path("warmup").asText()).contains("0.6 s per mode, 0.3 s at each rate of the run (20, 40 changes/s", "watcher-only");
        assertThat(settings.path("at_rest_jit_settle_wait_ms").asLong()).isBetween(0L, 10_000L);
        assertThat(settings.path("at_rest_jit_settle").asText()).startsWith("waited ");
        assertThat(settings.path("lead_in").asText()).contains("before each measured phase", "< 1000000 ms over 0.3 s");
        assertThat(console.toString()).contains("lead-in doorbell", "lead-in direct-upcall");
        for (PhaseResult p : report.phases()) {
            assertThat((double) p.extra().get(LatencyBench.LEAD_IN_SECONDS)).as("%s %s lead-in", p.mode(), p.label())
                    .isBetween(0.3, 2.0);
            assertThat(p.extra().get(LatencyBench.LEAD_IN_SETTLED)).isEqualTo(true);
        }
        for (JsonNode row : json.path("results")) {
            for (String figure : List.of("jit_compile_ms", "gc_count", "gc_ms", "jit_compile_ms_per_change", "gc_ms_per_change")) {
                assertThat(row.path("jvm").path(figure).isNumber()).as("%s %s: %s", row.path("mode"), row.path("phase"), figure).isTrue();
                assertThat(row.path("jvm").path(figure).asDouble()).as(figure).isNotNegative();
            }
        }
        assertThat(json.path("at_rest").path("jvm").path("jit_compile_ms").asLong()).isNotNegative();
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("## Run order and warm-up", "Warm-up: 0.6 s per mode, 0.3 s at each rate of the run",
                        "- 20/s: " + String.join(", ", rotated.stream().map(DeliveryMode::wireName).toList()),
                        "Before this window the bench waited ", "| JIT compile ms / change | GC ms / change | GCs in phase |");
        assertThat(md).contains("## Kafka requests per state change, by client", "| doorbell | 40/s | fetcher: main consumer |",
                "| doorbell | 40/s | sleds: ring producers |", "| upcall-body | 40/s | gateway: observation producer |",
                "| direct-upcall | 40/s | all clients |", "## Kafka records per state change, by topic",
                "| doorbell | 40/s | vmm.doorbells | sleds: ring producers |",
                "| doorbell | 40/s | bench-fetcher-pending-fetches-changelog | fetcher: streams producer |",
                "## Busiest threads: CPU ms per state change", "## At rest: Kafka requests per second, by client",
                "## At rest: busiest threads, CPU ms per second");
        JsonNode records = json.path("tables").path("kafka_records_per_change");
        for (JsonNode row : records) {
            assertThat(row.path("topic").asText()).as("no run suffix in topic names").doesNotContain("-bench-");
            assertThat(row.path("producer").asText()).as("every producer has a role").isNotEqualTo("other");
        }
        assertThat(json.path("tables").path("thread_cpu_per_change")).hasSizeGreaterThan(report.phases().size());
    }

    @Test
    void burstsCountFetchesPerBurstAndEndWithTheSledsState(@TempDir Path dir) throws Exception {
        BurstBench.Options options = new BurstBench.Options(20, 2, List.of(BurstShape.parse("2:10"), BurstShape.parse("5:300")),
                List.of(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL), Duration.ofMillis(500), POLL, Duration.ofMillis(500), 1);

        ScenarioReport report = new BurstBench(options, progress).run(servers);

        written(dir, report, "cdf-doorbell.png", "over-time-direct-upcall.png");
        assertThat(report.phases()).as("the warm-up is not reported").hasSize(4);
        assertThat(report.phases()).extracting(PhaseResult::mode).as("grouped by mode in the order given")
                .containsExactly(DeliveryMode.DOORBELL, DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL, DeliveryMode.DIRECT_UPCALL);
        assertThat(report.settings().get("mode_order")).isEqualTo(Map.of("k=2 t=10 ms", List.of("doorbell", "direct-upcall"),
                "k=5 t=300 ms", List.of("direct-upcall", "doorbell")));
        assertThat((String) report.settings().get("warmup")).startsWith("1 untimed");
        for (PhaseResult p : report.phases()) {
            consistent(p);
            int k = (Integer) p.extra().get("k");
            assertThat(p.made()).isEqualTo(20L * k);
            assertThat(p.checked()).isEqualTo(20);
            if (p.mode() == DeliveryMode.DOORBELL) {
                assertThat((Double) p.extra().get("fetches / burst (mean)")).isGreaterThanOrEqualTo(1.0);
                assertThat((Long) p.extra().get("fetches / burst (max)")).isBetween(1L, (long) k);
                assertThat(p.sledGetsPerChange()).isPositive();
            } else {
                assertThat(p.cost().counters().fetches()).isZero();
            }
        }
    }

    @Test
    void scaleCanLeadInBeforeEveryStepAtThatStepsRate() throws Exception {
        ScaleBench.Options options = new ScaleBench.Options(List.of(20), 2, Duration.ofMillis(500), SECOND, SECOND, 20, 40, 100, 0,
                POLL, List.of(DeliveryMode.DOORBELL), SweepSettings.DEFAULT_CHECK_SPREAD,
                Optional.of(new LeadIn(new JitSettle(Duration.ofMillis(300), 1_000_000, Duration.ofSeconds(2), Duration.ofMillis(50)))))
                .withLeadInEachStep(true);

        ScenarioReport report = new ScaleBench(options, progress).run(servers);

        assertThat((String) report.settings().get("lead_in")).contains("before every step of each search, that mode at the step's rate");
        assertThat(report.phases()).extracting(PhaseResult::rate).startsWith(20.0);
        for (PhaseResult p : report.phases()) {
            assertThat(p.extra()).as("step at %s/s", p.rate()).containsEntry(LatencyBench.LEAD_IN_SETTLED, true)
                    .containsKey(LatencyBench.LEAD_IN_SECONDS);
            assertThat(console.toString()).contains(String.format(Locale.ROOT, "lead-in doorbell at 20 VMMs, %.0f/s", p.rate()));
        }
    }

    @Test
    void scaleGrowsTheFleetAndSearchesForTheHighestRateInEachMode(@TempDir Path dir) throws Exception {
        List<DeliveryMode> modes = List.of(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL);
        ScaleBench.Options options = new ScaleBench.Options(List.of(20, 40), 2, Duration.ofMillis(500), SECOND, SECOND, 20, 40, 100, 0,
                POLL, modes, SweepSettings.DEFAULT_CHECK_SPREAD,
                Optional.of(new LeadIn(new JitSettle(Duration.ofMillis(300), 1_000_000, Duration.ofSeconds(2), Duration.ofMillis(50)))));

        ScenarioReport report = new ScaleBench(options, progress).run(servers);

        JsonNode json = written(dir, report, "cost-vs-vmms.png", "cdf-doorbell.png", "cdf-direct-upcall.png");
        report.phases().forEach(p -> consistent(p, true));
        assertThat(report.phases()).extracting(p -> p.extra().get("vmms")).contains(20, 40);
        assertThat((String) report.settings().get("lead_in")).contains("before each mode's search at each fleet size");
        assertThat(report.settings().get("mode_order")).isEqualTo(Map.of("20 VMMs", List.of("doorbell", "direct-upcall"),
                "40 VMMs", List.of("direct-upcall", "doorbell")));
        for (int vmms : List.of(20, 40)) {
            List<DeliveryMode> searched = report.phases().stream().filter(p -> p.extra().get("vmms").equals(vmms))
                    .map(PhaseResult::mode).distinct().toList();
            assertThat(searched).as("each mode searches on its own, in the rotated order, at %d VMMs", vmms)
                    .containsExactlyElementsOf(vmms == 20 ? modes : modes.reversed());
            for (DeliveryMode mode : modes) {
                List<PhaseResult> search = report.phases().stream().filter(p -> p.mode() == mode && p.extra().get("vmms").equals(vmms))
                        .toList();
                assertThat(search).as("%s at %d VMMs", mode, vmms).isNotEmpty();
                assertThat(search.getFirst().rate()).isEqualTo(20);
                assertThat(search.getFirst().extra()).as("the search's first step reports the lead-in before it")
                        .containsEntry(LatencyBench.LEAD_IN_SETTLED, true).containsKey(LatencyBench.LEAD_IN_SECONDS);
            }
        }
        for (PhaseResult p : report.phases()) {
            assertThat(p.extra()).containsKeys("p99 during sweeps ms", "p99 outside sweeps ms", "p99 during / outside sweeps");
            assertThat((long) p.extra().get("changes during sweeps")).isBetween(0L, p.measured());
        }
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| changes during sweeps | p99 during sweeps ms |");
        JsonNode sizes = json.path("tables").path("fleet_sizes");
        assertThat(sizes).hasSize(2);
        for (JsonNode size : sizes) {
            assertThat(size.path("sweeps in window").asLong()).isPositive();
            // at rest the sweeps still ask the sleds (in bulk), but ring, and so fetch, only VMMs whose sled is ahead
            assertThat(size.path("background sled requests/s").asDouble()).isPositive();
            assertThat(size.path("background fetches/s").asDouble()).isNotNegative();
            assertThat(size.path("bench JVM heap after GC MB").asDouble()).isPositive();
            assertThat(size.path("placements topic MB (held in memory)").asDouble()).isPositive();
            assertThat(size.has("p99 during / outside sweeps at max, doorbell")).isTrue();
            assertThat(size.has("highest sustained, doorbell / direct-upcall")).isTrue();
            int vmms = size.path("VMMs").asInt();
            for (DeliveryMode mode : modes) {
                int ceiling = report.phases().stream().filter(p -> p.mode() == mode && p.extra().get("vmms").equals(vmms))
                        .filter(p -> Boolean.TRUE.equals(p.extra().get("passed"))).mapToInt(p -> (int) p.rate()).max().orElse(0);
                assertThat(size.path(ScaleBench.ceilingColumn(mode)).asText()).as("%s's ceiling at %d VMMs", mode, vmms)
                        .isEqualTo((ceiling >= 40 ? ">= " : "") + ceiling);
            }
        }
    }

    @Test
    void mixedFleetReportsEachSledVersionAndTheWhole(@TempDir Path dir) throws Exception {
        MixedBench.Options options = new MixedBench.Options(20, 2, List.of(20), SECOND, List.of(DeliveryMode.DOORBELL,
                DeliveryMode.UPCALL_BODY), Duration.ofMillis(500), POLL, Duration.ofMillis(500));

        ScenarioReport report = new MixedBench(options, progress).run(servers);

        written(dir, report, "cdf-doorbell.png", "over-time-upcall-body.png");
        assertThat(report.phases()).hasSize(6);
        report.phases().forEach(BenchSmokeTest::consistent);
        Map<DeliveryMode, List<PhaseResult>> byMode = report.phases().stream().collect(Collectors.groupingBy(PhaseResult::mode));
        for (List<PhaseResult> rows : byMode.values()) {
            PhaseResult whole = rows.getFirst();
            assertThat(rows.get(1).made() + rows.get(2).made()).isEqualTo(whole.made());
            assertThat(rows.get(1).measured() + rows.get(2).measured()).isEqualTo(whole.measured());
            assertThat(rows.get(1).checked() + rows.get(2).checked()).isEqualTo(whole.checked());
        }
        PhaseResult oldSleds = byMode.get(DeliveryMode.DOORBELL).get(2);
        assertThat(oldSleds.label()).contains("1.0.0 only");
        if (oldSleds.made() > 0) {
            assertThat(oldSleds.cost().counters().sled().total()).isPositive();
        }
    }

    /** Writes the report and checks the files; @return results.json */
    private static JsonNode written(Path dir, ScenarioReport report, String... pngs) throws Exception {
        List<Path> files = ReportWriter.write(dir, report);
        assertThat(files).contains(dir.resolve("report.md"), dir.resolve("results.json"));
        for (String png : pngs) {
            assertThat(dir.resolve(png)).isRegularFile();
            assertThat(Files.size(dir.resolve(png))).isPositive();
        }
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| mode | phase |").contains("## CPU milliseconds per state change");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("results")).hasSize(report.phases().size());
        for (JsonNode row : json.path("results")) {
            assertThat(row.path("changes_measured").asLong() + row.path("not_seen_applied").asLong())
                    .isEqualTo(row.path("changes_made").asLong());
        }
        return json;
    }

    /** Figures of one phase that must agree whatever the machine's speed. */
    private static void consistent(PhaseResult p) {
        consistent(p, false);
    }

    /** @param sweepsOn whether the reconciler swept in every mode (its rings make the fetcher ask sleds even in a pushing mode) */
    private static void consistent(PhaseResult p, boolean sweepsOn) {
        assertThat(p.made()).as(p.label()).isPositive();
        assertThat(p.measured() + p.notSeen()).as(p.label()).isEqualTo(p.made());
        assertThat(p.checked()).as(p.label()).isPositive().isLessThanOrEqualTo(p.made());
        if (p.notSeen() == 0) {
            assertThat(p.mismatches()).as("%s: every change applied, so the database equals the sleds", p.label()).isZero();
        }
        assertThat(p.cost().cpu().nanos().values()).as(p.label()).allSatisfy(v -> assertThat(v).isNotNegative());
        if (!p.cost().cpu().nanos().isEmpty()) {
            assertThat(p.cost().cpu().nanos()).containsKeys(Component.BROKER, Component.DATABASE, Component.FETCHER, Component.SLEDS);
            assertThat(p.cpuTotalPerChange()).as(p.label()).isPositive();
        }
        assertThat(p.cost().counters().fetches()).isNotNegative();
        assertThat(p.cost().counters().sled().total()).isNotNegative();
        if (!p.mode().pulls() && !sweepsOn) {
            assertThat(p.cost().counters().sled().total()).as("%s pushes: no sled is asked", p.label()).isZero();
        }
    }

    private static PhaseResult phase(ScenarioReport report, DeliveryMode mode) {
        return report.phases().stream().filter(p -> p.mode() == mode).findFirst().orElseThrow();
    }
}
