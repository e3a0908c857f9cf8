package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.bench.report.Table;
import dev.doorbell.bench.stack.DeliveryMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsSummaryTest {

    @Test
    void onePerModeAndRateInTheOrderTheyFirstRanWithMediansAndEveryRoundsP99() {
        List<RoundsSummary.Figures> phases = List.of(
                new RoundsSummary.Figures(DeliveryMode.DOORBELL, 1000, 12, 30, 1.5),
                new RoundsSummary.Figures(DeliveryMode.DIRECT_UPCALL, 1000, 4, 9, 1.2),
                new RoundsSummary.Figures(DeliveryMode.DIRECT_UPCALL, 1000, 5, 125, 1.8),
                new RoundsSummary.Figures(DeliveryMode.DOORBELL, 1000, 18, 96, 1.7),
                new RoundsSummary.Figures(DeliveryMode.DOORBELL, 1000, 13, 33, 1.6),
                new RoundsSummary.Figures(DeliveryMode.DOORBELL, 200, 11, 18, 3.5));

        Table table = RoundsSummary.table(phases);

        assertThat(table.key()).isEqualTo("rounds");
        assertThat(table.rows()).containsExactly(
                List.of("doorbell", 1000, 3, 13.0, 33.0, "30.0, 96.0, 33.0", 1.6),
                List.of("direct-upcall", 1000, 2, 4.5, 67.0, "9.0, 125.0", 1.5),
                List.of("doorbell", 200, 1, 11.0, 18.0, "18.0", 3.5));
    }

    @Test
    void theMedianOfNothingIsNotANumber() {
        assertThat(RoundsSummary.median(new double[0])).isNaN();
        assertThat(RoundsSummary.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    }
}
