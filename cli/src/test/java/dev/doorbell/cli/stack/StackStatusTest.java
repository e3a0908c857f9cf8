package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StackStatusTest {

    @Test
    void theLineGivesTheP99OfEachHistogramOverTheIntervalOnly() {
        PrometheusMeterRegistry fetcher = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry reconciler = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer emit = Timer.builder(FetcherMetrics.RING_TO_EMIT_LATENCY).serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(250),
                Duration.ofSeconds(60)).register(fetcher);
        Timer commit = Timer.builder(ApplierMetrics.RING_TO_COMMIT_LATENCY).serviceLevelObjectives(Duration.ofMillis(10),
                Duration.ofMillis(250), Duration.ofSeconds(60)).register(reconciler);
        StackStatus status = new StackStatus(fetcher, reconciler);
        commit.record(Duration.ofSeconds(30)); // before the interval
        StackStatus.Sample before = status.sample();
        for (int i = 0; i < 100; i++) {
            commit.record(Duration.ofMillis(i < 98 ? 5 : 200));
        }
        StackStatus.Sample now = status.sample();

        assertThat(StackStatus.line(before, now)).endsWith("p99 ring→emitted - ms, published→commit - ms, ring→commit 250 ms");
        emit.record(Duration.ofMillis(3));
        assertThat(StackStatus.line(now, status.sample())).endsWith("p99 ring→emitted 10 ms, published→commit - ms, ring→commit - ms");
    }
}
