package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupPlanTest {

    @Test
    void splitsTheWarmUpOverEveryRateLowestFirst() {
        WarmupPlan plan = new WarmupPlan(List.of(1000, 200, 5000), Duration.ofSeconds(6));

        assertThat(plan.slices()).containsExactly(new WarmupPlan.Slice(200, Duration.ofSeconds(2)),
                new WarmupPlan.Slice(1000, Duration.ofSeconds(2)), new WarmupPlan.Slice(5000, Duration.ofSeconds(2)));
        assertThat(plan.describe()).isEqualTo("6.0 s per mode, 2.0 s at each rate of the run (200, 1000, 5000 changes/s, lowest first)");
    }

    @Test
    void noSliceIsShorterThanASecondUnlessTheWholeWarmUpIs() {
        assertThat(new WarmupPlan(List.of(200, 1000, 5000), Duration.ofSeconds(2)).slices())
                .extracting(WarmupPlan.Slice::length).containsOnly(Duration.ofSeconds(1));
        assertThat(new WarmupPlan(List.of(20, 40), Duration.ofMillis(300)).slices())
                .extracting(WarmupPlan.Slice::length).containsOnly(Duration.ofMillis(300));
    }

    @Test
    void zeroMeansNone() {
        WarmupPlan none = new WarmupPlan(List.of(200), Duration.ZERO);
        assertThat(none.slices()).isEmpty();
        assertThat(none.describe()).isEqualTo("none");
    }
}
