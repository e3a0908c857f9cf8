package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.reconciler.apply.ApplierMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconcilerLatencyTest {

    @Test
    void readsBothHistogramsOverThePhaseOnly() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer change = timer(registry, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY);
        timer(registry, ApplierMetrics.RING_TO_COMMIT_LATENCY);
        change.record(Duration.ofSeconds(2)); // before the phase
        ReconcilerLatency.Buckets start = ReconcilerLatency.Buckets.of(registry);
        for (int i = 0; i < 100; i++) {
            change.record(Duration.ofMillis(i < 95 ? 4 : 40));
        }

        ReconcilerLatency phase = ReconcilerLatency.between(start, ReconcilerLatency.Buckets.of(registry));

        assertThat(phase.changes()).isEqualTo(100);
        assertThat(phase.changeToCommitP50()).isEqualTo(5.0);
        assertThat(phase.changeToCommitP99()).isEqualTo(50.0);
        assertThat(phase.rings()).as("no doorbell caused any").isZero();
        assertThat(phase.ringToCommitP50()).isNaN();
        assertThat(phase.ringToCommitP99()).isNaN();
    }

    @Test
    void aReconcilerWithoutTheHistogramsShowsNothing() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertThat(ReconcilerLatency.between(ReconcilerLatency.Buckets.EMPTY, ReconcilerLatency.Buckets.of(registry)))
                .isEqualTo(ReconcilerLatency.NONE);
    }

    private static Timer timer(PrometheusMeterRegistry registry, String name) {
        return Timer.builder(name).serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(60))
                .register(registry);
    }
}
