package dev.doorbell.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP doorbell_fetcher_rings_consumed_total Rings read
            # TYPE doorbell_fetcher_rings_consumed_total counter
            doorbell_fetcher_rings_consumed_total{source="sled"} 12.0
            doorbell_fetcher_rings_consumed_total{source="sweep"} 3.0
            kafka_consumer_records_lag_max{client_id="fetcher-1-StreamThread-1-consumer",topic="a \\"b\\""} 4.0
            doorbell_fetcher_ring_to_emit_latency_seconds_bucket{le="0.005"} 1.0
            doorbell_fetcher_ring_to_emit_latency_seconds_bucket{le="+Inf"} 2.0
            jvm_threads_live 40
            not a sample line
            """;

    @Test
    void readsSamplesLabelsAndSums() {
        PrometheusText text = PrometheusText.parse(TEXT);
        assertThat(text.sum("doorbell_fetcher_rings_consumed_total")).isEqualTo(15.0);
        assertThat(text.sum("jvm_threads_live")).isEqualTo(40.0);
        assertThat(text.sum("absent")).isZero();
        assertThat(text.named("kafka_consumer_records_lag_max")).singleElement().satisfies(s -> assertThat(s.labels())
                .isEqualTo(Map.of("client_id", "fetcher-1-StreamThread-1-consumer", "topic", "a \"b\"")));
        assertThat(text.named("doorbell_fetcher_ring_to_emit_latency_seconds_bucket")).extracting(s -> s.labels().get("le"))
                .containsExactly("0.005", "+Inf");
        assertThat(text.samples()).hasSize(6);
    }

    @Test
    void theWindowPercentileCountsOnlyWhatWasRecordedBetweenTwoSamples() {
        NavigableMap<Double, Double> before = buckets(10, 10, 10);
        NavigableMap<Double, Double> now = buckets(10, 108, 110); // 100 new: 98 under 0.1 s, 2 under +Inf
        assertThat(FleetStatus.windowPercentile(before, now, 0.98)).isEqualTo(0.1);
        assertThat(FleetStatus.windowPercentile(before, now, 0.99)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(FleetStatus.windowPercentile(now, now, 0.99)).isNaN();
        // a process that restarted counts from zero: its smaller counts are not negative rates
        assertThat(FleetStatus.windowPercentile(now, buckets(0, 1, 1), 0.99)).isNaN();
    }

    private static NavigableMap<Double, Double> buckets(double under10ms, double under100ms, double all) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.01, under10ms);
        buckets.put(0.1, under100ms);
        buckets.put(Double.POSITIVE_INFINITY, all);
        return buckets;
    }
}
