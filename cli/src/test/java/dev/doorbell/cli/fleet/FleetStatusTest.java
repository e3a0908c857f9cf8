package dev.doorbell.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.assembly.StageHistogram;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FleetStatusTest {

    @Test
    void theLineGivesRatesLagsStagesAndWhatIsDown() {
        FleetStatus.Sample before = new FleetStatus.Sample(0, 100, 90, 80, stages(0, 0, 0), 0, 0, Map.of(), List.of());
        FleetStatus.Sample now = new FleetStatus.Sample(2_000_000_000L, 120, 110, 96, stages(10, 10, 0), 3, -1, Map.of(),
                List.of("fetcher-1"));

        assertThat(FleetStatus.line(before, now)).isEqualTo("rings/s    10.0 | fetches/s    10.0 | applied/s     8.0 | lag fetchers 3,"
                + " reconcilers - | p99 ring→emitted 10 ms, published→commit 10 ms, ring→commit - ms | down: fetcher-1");
    }

    /** Cumulative buckets with every value recorded so far at most 10 ms. */
    private static StageBuckets stages(double emitted, double published, double committed) {
        return new StageBuckets(Map.of(StageHistogram.RING_TO_EMIT, buckets(emitted), StageHistogram.PUBLISH_TO_COMMIT, buckets(published),
                StageHistogram.RING_TO_COMMIT, buckets(committed), StageHistogram.FETCH, buckets(1_000)));
    }

    private static TreeMap<Double, Double> buckets(double count) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.010, count);
        buckets.put(Double.POSITIVE_INFINITY, count);
        return buckets;
    }
}
