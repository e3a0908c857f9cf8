package dev.doorbell.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
}
