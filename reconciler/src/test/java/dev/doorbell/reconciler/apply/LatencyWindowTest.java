package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void theWindowPercentileCountsOnlyWhatWasRecordedBetweenTwoSnapshots() {
        NavigableMap<Double, Double> before = buckets(10, 10, 10);
        NavigableMap<Double, Double> now = buckets(10, 108, 110); // 100 new: 98 under 0.1 s, 2 under +Inf
        assertThat(LatencyWindow.count(before, now)).isEqualTo(100);
        assertThat(LatencyWindow.count(now, buckets(0, 1, 1))).isZero();
        assertThat(LatencyWindow.percentile(before, now, 0.5)).isEqualTo(0.1);
        assertThat(LatencyWindow.percentile(before, now, 0.98)).isEqualTo(0.1);
        assertThat(LatencyWindow.percentile(before, now, 0.99)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(LatencyWindow.percentile(now, now, 0.99)).isNaN();
        assertThat(LatencyWindow.percentile(new TreeMap<>(), new TreeMap<>(), 0.99)).isNaN();
        // a process that restarted counts from zero: its smaller counts are not negative rates
        assertThat(LatencyWindow.percentile(now, buckets(0, 1, 1), 0.99)).isNaN();
    }

    @Test
    void theWindowMeanCountsEveryValueRecordedBetweenTwoTotalsOverEveryTag() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer a = Timer.builder("latency").tags(Tags.of("sled", "a")).serviceLevelObjectives(Duration.ofMillis(10)).register(registry);
        Timer b = Timer.builder("latency").tags(Tags.of("sled", "b")).serviceLevelObjectives(Duration.ofMillis(10)).register(registry);
        a.record(Duration.ofSeconds(9)); // before the window
        LatencyWindow.Totals before = LatencyWindow.read(registry, "latency").totals();
        a.record(Duration.ofMillis(2));
        b.record(Duration.ofMillis(4));
        b.record(Duration.ofSeconds(3)); // above every bucket: still in the mean
        LatencyWindow.Totals now = LatencyWindow.read(registry, "latency").totals();

        assertThat(now.count() - before.count()).isEqualTo(3);
        assertThat(LatencyWindow.mean(before, now)).isCloseTo(1.002, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyWindow.mean(now, now)).as("nothing recorded").isNaN();
        assertThat(LatencyWindow.mean(now, LatencyWindow.Totals.NONE)).as("a restart").isNaN();
        assertThat(LatencyWindow.read(registry, "no.such.meter").totals()).isEqualTo(LatencyWindow.Totals.NONE);
    }

    @Test
    void aTimersWindowLeavesOutWhatItRecordedBeforeTheWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        Timer timer = Timer.builder("latency").serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        record(timer, 50, Duration.ofMillis(700)); // before the window: slow
        NavigableMap<Double, Double> before = LatencyWindow.read(registry, "latency").buckets();
        record(timer, 90, Duration.ofMillis(5));
        record(timer, 10, Duration.ofMillis(50));
        NavigableMap<Double, Double> now = LatencyWindow.read(registry, "latency").buckets();

        assertThat(now).containsOnlyKeys(0.01, 0.1, 1.0);
        assertThat(now.get(1.0)).isEqualTo(150.0);
        assertThat(LatencyWindow.percentile(before, now, 0.5)).isEqualTo(0.01);
        assertThat(LatencyWindow.percentile(before, now, 0.9)).isEqualTo(0.01);
        assertThat(LatencyWindow.percentile(before, now, 0.99)).isEqualTo(0.1);
        // over the whole life of the timer, the slow third shows
        assertThat(LatencyWindow.percentile(new TreeMap<>(), now, 0.99)).isEqualTo(1.0);
        assertThat(LatencyWindow.percentile(now, LatencyWindow.read(registry, "latency").buckets(), 0.99)).isNaN();
    }

    @Test
    void readsThePercentileHistogramOfAPrometheusRegistryInSecondsSummedOverTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer a = Timer.builder(ApplierMetrics.RING_TO_COMMIT_LATENCY).tags(Tags.of("p", "a")).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        Timer b = Timer.builder(ApplierMetrics.RING_TO_COMMIT_LATENCY).tags(Tags.of("p", "b")).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        NavigableMap<Double, Double> before = LatencyWindow.read(registry, ApplierMetrics.RING_TO_COMMIT_LATENCY).buckets();
        record(a, 99, Duration.ofMillis(20));
        record(b, 1, Duration.ofSeconds(3));
        NavigableMap<Double, Double> now = LatencyWindow.read(registry, ApplierMetrics.RING_TO_COMMIT_LATENCY).buckets();

        assertThat(now.lastKey()).isEqualTo(60.0);
        assertThat(now.lastEntry().getValue()).isEqualTo(100.0);
        // a bucket's upper bound: at least the value, and below the next bucket's
        assertThat(LatencyWindow.percentile(before, now, 0.5)).isBetween(0.020, 0.025);
        assertThat(LatencyWindow.percentile(before, now, 0.99)).isBetween(0.020, 0.025);
        assertThat(LatencyWindow.percentile(before, now, 1.0)).isBetween(3.0, 3.6);
    }

    @Test
    void aDistributionSummaryCountsInItsOwnUnitAndAnAbsentMeterIsEmpty() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        DistributionSummary sizes = DistributionSummary.builder("sizes").serviceLevelObjectives(10, 100).register(registry);
        sizes.record(7);
        sizes.record(70);
        assertThat(LatencyWindow.read(registry, "sizes").buckets()).containsEntry(10.0, 1.0).containsEntry(100.0, 2.0);
        assertThat(LatencyWindow.read(registry, "absent").buckets()).isEmpty();
        assertThat(LatencyWindow.percentile(new TreeMap<>(), LatencyWindow.read(registry, "absent").buckets(), 0.99)).isNaN();
    }

    private static void record(Timer timer, int times, Duration each) {
        for (int i = 0; i < times; i++) {
            timer.record(each);
        }
    }

    private static NavigableMap<Double, Double> buckets(double under10ms, double under100ms, double all) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.01, under10ms);
        buckets.put(0.1, under100ms);
        buckets.put(Double.POSITIVE_INFINITY, all);
        return buckets;
    }
}
