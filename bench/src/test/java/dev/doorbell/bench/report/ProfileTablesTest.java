package dev.doorbell.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.CpuTimes;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import dev.doorbell.bench.stack.KafkaClientRoles;
import dev.doorbell.bench.stack.KafkaTraffic;
import dev.doorbell.bench.stack.LatencySamples;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.PhaseProfile;
import dev.doorbell.bench.stack.PipelineCounters;
import dev.doorbell.bench.stack.Scheduling;
import dev.doorbell.bench.stack.SledRequests;
import dev.doorbell.bench.stack.StageLatency;
import dev.doorbell.bench.stack.ThreadCpu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTablesTest {

    private static final String APP = "bench-fetcher-bench-1a2b3c4d";
    private static final KafkaClientRoles ROLES = KafkaClientRoles.bench(APP, "-bench-1a2b3c4d");
    private static final String STREAMS = APP + "-0f8e2c51-7d3a-4b8e-9c1d-2e3f4a5b6c7d-StreamThread-1-";

    /** A phase of 1,000 changes (800 rings consumed) with made-up but plausible traffic. */
    private static PhaseCost cost(long wallMs) {
        KafkaTraffic.Snapshot kafka = new KafkaTraffic.Snapshot(Map.of(
                "bench-sled-ring-0", new KafkaTraffic.Counts(300, 0, 0, 0),
                "bench-sled-ring-1", new KafkaTraffic.Counts(200, 0, 0, 0),
                STREAMS + "consumer", new KafkaTraffic.Counts(2_500, 2_000, 40, 30),
                STREAMS + "producer", new KafkaTraffic.Counts(900, 0, 0, 0),
                "doorbell-reconciler-bench-reconciler-bench-1a2b3c4d", new KafkaTraffic.Counts(1_200, 1_150, 20, 30),
                "doorbell-directory", new KafkaTraffic.Counts(0, 0, 0, 0)),
                Map.of(new KafkaTraffic.ClientTopic("bench-sled-ring-0", "vmm.doorbells-bench-1a2b3c4d"), 500.0,
                        new KafkaTraffic.ClientTopic("bench-sled-ring-1", "vmm.doorbells-bench-1a2b3c4d"), 500.0,
                        new KafkaTraffic.ClientTopic(STREAMS + "producer", APP + "-pending-fetches-changelog"), 1_600.0,
                        new KafkaTraffic.ClientTopic(STREAMS + "producer", "vmm.states-bench-1a2b3c4d"), 1_000.0));
        ThreadCpu threads = new ThreadCpu(Map.of(
                new ThreadCpu.Name(Component.FETCHER, "bench-fetcher-bench-*-*-StreamThread-#"), 900_000_000L,
                new ThreadCpu.Name(Component.SLEDS, "kafka-producer-network-thread | bench-sled-ring-#"), 250_000_000L,
                new ThreadCpu.Name(Component.RECONCILER, "doorbell-apply"), 0L));
        PipelineCounters counters = new PipelineCounters(1_000, 1_000, 800, 1_000, SledRequests.NONE, 0, 0, 0);
        return new PhaseCost(Duration.ofMillis(wallMs), new CpuTimes(Map.of()), counters, Optional.of(new JvmWork(0, 0, 0)),
                Optional.of(new PhaseProfile(threads, kafka, ROLES)));
    }

    @Test
    void requestsAndRecordsPerChangeByRoleAndTopicAndTheBusiestThreads() {
        PhaseResult phase = new PhaseResult(DeliveryMode.DOORBELL, "1000/s", 1000, 1_000, LatencySamples.EMPTY, 0, 0, 0, cost(1_000),
                0, Map.of(), StageLatency.NONE);
        List<Table> tables = ProfileTables.forPhases(List.of(phase));
        String md = tables.stream().map(t -> ReportWriter.markdownTable(t.columns(), t.rows())).reduce("", String::concat);

        assertThat(tables).extracting(Table::key).containsExactly("kafka_requests_per_change", "kafka_records_per_change",
                "thread_cpu_per_change");
        assertThat(md)
                .contains("| doorbell | 1000/s | fetcher: main consumer | 2.500 | 2.000 | 0.040 | 0.030 | 0.430 |")
                .contains("| doorbell | 1000/s | sleds: ring producers | 0.500 | 0.000 | 0.000 | 0.000 | 0.500 |")
                .contains("| doorbell | 1000/s | all clients | 5.100 | 3.150 | 0.060 | 0.060 | 1.830 |")
                .doesNotContain("directory publisher")
                .contains("| doorbell | 1000/s | bench-fetcher-pending-fetches-changelog | fetcher: streams producer | 1600 | 1.600 | 2.000 |")
                .contains("| doorbell | 1000/s | vmm.doorbells | sleds: ring producers | 1000 | 1.000 | 1.250 |")
                .contains("| doorbell | 1000/s | 1 | bench-fetcher-bench-*-*-StreamThread-# | fetcher | 0.900 |")
                .contains("| doorbell | 1000/s | 2 | kafka-producer-network-thread \\| bench-sled-ring-# | sleds | 0.250 |")
                .doesNotContain("doorbell-apply");
    }

    @Test
    void atRestPerSecondAndNothingWithoutAProfile(@TempDir Path dir) throws Exception {
        List<Table> rest = ProfileTables.atRest(cost(2_000));
        assertThat(ReportWriter.markdownTable(rest.get(0).columns(), rest.get(0).rows()))
                .contains("| fetcher: main consumer | 1250.000 | 1000.000 | 20.000 | 15.000 |");
        assertThat(ReportWriter.markdownTable(rest.get(1).columns(), rest.get(1).rows()))
                .contains("| 1 | bench-fetcher-bench-*-*-StreamThread-# | fetcher | 450.000 |");
        PhaseCost plain = new PhaseCost(Duration.ofSeconds(1), new CpuTimes(Map.of()),
                new PipelineCounters(0, 0, 0, 0, SledRequests.NONE, 0, 0, 0));
        assertThat(ProfileTables.atRest(plain)).isEmpty();
        assertThat(ProfileTables.forPhases(List.of(new PhaseResult(DeliveryMode.DOORBELL, "x", 1, 1, LatencySamples.EMPTY, 0, 0, 0,
                plain, 0, Map.of(), StageLatency.NONE)))).isEmpty();

        PhaseResult phase = new PhaseResult(DeliveryMode.DOORBELL, "1000/s", 1000, 1_000, LatencySamples.EMPTY, 0, 0, 0, cost(1_000),
                System.currentTimeMillis(), Map.of(), StageLatency.NONE);
        ReportWriter.write(dir, new ScenarioReport("latency", "Intro.", Map.of(), List.of(phase), cost(2_000), List.of(), List.of()));
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Kafka requests per state change, by client")
                .contains("## Kafka records per state change, by topic").contains("## Busiest threads: CPU ms per state change")
                .contains("## At rest: Kafka requests per second, by client").contains(ProfileTables.METHOD);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("tables").path("kafka_records_per_change").get(0).path("topic").asText())
                .isEqualTo("bench-fetcher-pending-fetches-changelog");
        assertThat(json.path("tables").path("at_rest_thread_cpu_per_second").get(0).path("CPU ms/s").asDouble()).isEqualTo(450.0);
    }

    @Test
    void theMachinesSchedulingPerChangeWhenAPhaseHasIt() {
        PhaseCost plain = cost(1_000);
        PhaseProfile base = plain.profile().orElseThrow();
        PhaseCost scheduled = new PhaseCost(plain.wall(), plain.cpu(), plain.counters(), plain.jvm(), Optional.of(
                new PhaseProfile(base.threads(), base.kafka(), base.roles(), Optional.of(new Scheduling.Work(25_000, 24_000, 6_000_000_000L)))));
        PhaseResult withIt = new PhaseResult(DeliveryMode.DOORBELL, "1000/s", 1000, 1_000, LatencySamples.EMPTY, 0, 0, 0, scheduled,
                0, Map.of(), StageLatency.NONE);
        PhaseResult without = new PhaseResult(DeliveryMode.DIRECT_UPCALL, "1000/s", 1000, 1_000, LatencySamples.EMPTY, 0, 0, 0, plain,
                0, Map.of(), StageLatency.NONE);

        List<Table> tables = ProfileTables.forPhases(List.of(withIt, without));

        Table table = tables.get(tables.size() - 1);
        assertThat(table.key()).isEqualTo("scheduling_per_change");
        assertThat(ReportWriter.markdownTable(table.columns(), table.rows()))
                .contains("| doorbell | 1000/s | 25.000 | 24.000 | 6.000 | 250.000 |")
                .doesNotContain("direct-upcall");
        assertThat(ProfileTables.forPhases(List.of(without))).extracting(Table::key).doesNotContain("scheduling_per_change");
    }
}
