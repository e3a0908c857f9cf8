package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusStagesTest {

    @Test
    void givesEachStagesP99OverTheIntervalOnly() {
        PrometheusMeterRegistry fetcher = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry reconciler = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer emit = timer(fetcher, FetcherMetrics.RING_TO_EMIT_LATENCY);
        Timer publish = timer(reconciler, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY);
        Timer commit = timer(reconciler, ApplierMetrics.RING_TO_COMMIT_LATENCY);
        publish.record(Duration.ofSeconds(30)); // before the interval
        StageBuckets before = StageBuckets.of(fetcher, reconciler);
        for (int i = 0; i < 100; i++) {
            emit.record(Duration.ofMillis(3));
            publish.record(Duration.ofMillis(i < 98 ? 4 : 200));
            commit.record(Duration.ofMillis(i < 98 ? 8 : 200));
        }

        assertThat(StatusStages.p99(before, StageBuckets.of(fetcher, reconciler)))
                .isEqualTo("p99 ring→emitted 5 ms, published→commit 250 ms, ring→commit 250 ms");
    }

    @Test
    void aStageWithNothingRecordedShowsADash() {
        assertThat(StatusStages.p99(StageBuckets.EMPTY, StageBuckets.EMPTY)).isEqualTo("p99 ring→emitted - ms, published→commit - ms, ring→commit - ms");
    }

    private static Timer timer(PrometheusMeterRegistry registry, String name) {
        return Timer.builder(name).serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(250),
                Duration.ofSeconds(60)).register(registry);
    }
}
