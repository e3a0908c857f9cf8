package dev.doorbell.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.FetcherMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class StageHistogramTest {

    /** The fetcher's own meters, and the reconciler's as it registers them (percentile histograms), under the names /metrics serves. */
    @Test
    void eachHistogramsPrometheusBucketsAreWhatItsTimerIsServedAs() {
        PrometheusMeterRegistry fetcher = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new FetcherMetrics(fetcher);
        PrometheusMeterRegistry reconciler = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (StageHistogram h : StageHistogram.values()) {
            if (!h.fetcher()) {
                Timer.builder(h.meter()).publishPercentileHistogram().register(reconciler).record(Duration.ofMillis(3));
            }
        }

        for (StageHistogram h : StageHistogram.values()) {
            String scrape = (h.fetcher() ? fetcher : reconciler).scrape();
            assertThat(scrape).as(h.name()).contains(h.prometheusBuckets() + "{");
        }
    }

    @Test
    void bucketsAreReadPerHistogramFromItsComponent() {
        PrometheusMeterRegistry fetcher = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry reconciler = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        timer(fetcher, StageHistogram.RING_TO_EMIT).record(Duration.ofMillis(3));
        timer(reconciler, StageHistogram.RING_TO_COMMIT).record(Duration.ofMillis(30));
        timer(reconciler, StageHistogram.RING_TO_EMIT).record(Duration.ofMillis(30)); // not the fetcher's: not read

        StageBuckets buckets = StageBuckets.of(fetcher, reconciler);

        NavigableMap<Double, Double> emitted = buckets.of(StageHistogram.RING_TO_EMIT);
        assertThat(emitted.get(0.005)).isEqualTo(1.0);
        assertThat(emitted.get(0.05)).isEqualTo(1.0);
        assertThat(buckets.of(StageHistogram.RING_TO_COMMIT).get(0.005)).isZero();
        assertThat(buckets.of(StageHistogram.RING_TO_COMMIT).get(0.05)).isEqualTo(1.0);
        assertThat(buckets.of(StageHistogram.SLED_REQUEST)).as("not registered").isEmpty();
        assertThat(StageBuckets.EMPTY.of(StageHistogram.FETCH)).isEmpty();
    }

    private static Timer timer(PrometheusMeterRegistry registry, StageHistogram h) {
        return Timer.builder(h.meter()).serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50)).register(registry);
    }
}
