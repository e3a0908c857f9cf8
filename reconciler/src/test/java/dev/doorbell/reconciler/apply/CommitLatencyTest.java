package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.http.HttpService;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitLatencyTest {

    private static final Instant COMMIT = Instant.parse("2026-12-05T10:00:10Z");
    private static final UUID SLED = UUID.randomUUID();

    private final PrometheusMeterRegistry registry = HttpService.newRegistry();
    private final CommitLatency latency = new CommitLatency(registry, Clock.fixed(COMMIT, ZoneOffset.UTC));

    @Test
    void measuresTheNewestStateOfEachVmmFromItsChangeItsFirstRingAndItsRecordToTheCommit() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<Observation> batch = List.of(
                reported(a, 3, COMMIT.minusSeconds(9)),
                reported(a, 4, COMMIT.minusSeconds(2)), // newest of a: the one measured
                reported(b, 7, COMMIT.minusMillis(500)),
                new Observation.NoSuchVmm(UUID.randomUUID(), SLED, COMMIT, "fetch"));
        latency.committed(batch, List.of(Optional.of(COMMIT.minusSeconds(8)), Optional.of(COMMIT.minusSeconds(1)),
                Optional.empty(), Optional.empty()), List.of(Optional.of(COMMIT.minusMillis(900)), Optional.of(COMMIT.minusMillis(30)),
                Optional.empty(), Optional.of(COMMIT.minusMillis(5))));

        Timer change = registry.get(ApplierMetrics.CHANGE_TO_COMMIT_LATENCY).timer();
        assertThat(change.count()).isEqualTo(2);
        assertThat(change.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_500.0);
        Timer ring = registry.get(ApplierMetrics.RING_TO_COMMIT_LATENCY).timer();
        assertThat(ring.count()).as("b came from no doorbell").isEqualTo(1);
        assertThat(ring.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_000.0);
        Timer publish = registry.get(ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY).timer();
        assertThat(publish.count()).as("a's newest only; b's record had no timestamp").isEqualTo(1);
        assertThat(publish.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30.0);
    }

    @Test
    void theExemplarsOfTheHistogramNameTheVmmAndItsGeneration() {
        UUID slow = UUID.randomUUID();
        latency.committed(List.of(reported(slow, 42, COMMIT.minusSeconds(5))), List.of(Optional.of(COMMIT.minusSeconds(6))),
                List.of(Optional.of(COMMIT.minusSeconds(1))));
        String openMetrics = registry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics).contains("doorbell_reconciler_ring_to_commit_latency_seconds_bucket")
                .contains("trace_id=\"" + slow + "\"", "span_id=\"42\"")
                .contains("doorbell_reconciler_publish_to_commit_latency_seconds_bucket");
        assertThat(registry.scrape()).as("the Prometheus text format carries no exemplars").doesNotContain(slow.toString());
    }

    private static Observation.Reported reported(UUID vmm, long gen, Instant timeUpdated) {
        return new Observation.Reported(vmm, SLED, COMMIT, "fetch", new VmmRuntimeState(VmmState.RUNNING, gen, timeUpdated), null, null);
    }
}
