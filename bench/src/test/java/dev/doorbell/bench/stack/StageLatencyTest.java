package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StageLatencyTest {

    @Test
    void readsEveryStagesHistogramOverThePhaseOnly() {
        PrometheusMeterRegistry fetcher = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer emit = timer(fetcher, FetcherMetrics.RING_TO_EMIT_LATENCY);
        Timer change = timer(registry, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY);
        timer(registry, ApplierMetrics.RING_TO_COMMIT_LATENCY);
        Timer publish = timer(registry, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY);
        change.record(Duration.ofSeconds(2)); // before the phase
        emit.record(Duration.ofSeconds(2));
        StageBuckets start = StageBuckets.of(fetcher, registry);
        for (int i = 0; i < 100; i++) {
            change.record(Duration.ofMillis(i < 95 ? 4 : 40));
        }
        for (int i = 0; i < 10; i++) {
            emit.record(Duration.ofMillis(40));
            publish.record(Duration.ofMillis(3));
        }

        StageLatency phase = StageLatency.between(start, StageBuckets.of(fetcher, registry));

        assertThat(phase.ringToEmit().count()).isEqualTo(10);
        assertThat(phase.ringToEmit().p50()).isEqualTo(50.0);
        assertThat(phase.ringToEmit().p99()).isEqualTo(50.0);
        assertThat(phase.changeToCommit().count()).isEqualTo(100);
        assertThat(phase.changeToCommit().p50()).isEqualTo(5.0);
        assertThat(phase.changeToCommit().p99()).isEqualTo(50.0);
        assertThat(phase.ringToCommit().count()).as("no doorbell caused any").isZero();
        assertThat(phase.of(StageHistogram.SLED_REQUEST)).as("no fetcher histogram registered").isEqualTo(StageLatency.Stage.NONE);
        assertThat(phase.ringToCommit().p50()).isNaN();
        assertThat(phase.ringToCommit().p99()).isNaN();
        assertThat(phase.publishToCommit().count()).isEqualTo(10);
        assertThat(phase.publishToCommit().p50()).isEqualTo(5.0);
        assertThat(phase.changeToCommit().mean()).as("exact, not a bucket: (95 x 4 + 5 x 40) / 100").isCloseTo(5.8, within(1e-9));
        assertThat(phase.ringToEmit().mean()).isCloseTo(40.0, within(1e-9));
        assertThat(phase.publishToCommit().mean()).isCloseTo(3.0, within(1e-9));
        assertThat(phase.ringToCommit().mean()).isNaN();
    }

    @Test
    void componentsWithoutTheHistogramsShowNothing() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertThat(StageLatency.between(StageBuckets.EMPTY, StageBuckets.of(registry, registry)))
                .isEqualTo(StageLatency.NONE);
    }

    private static Timer timer(PrometheusMeterRegistry registry, String name) {
        return Timer.builder(name).serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(60))
                .register(registry);
    }
}
