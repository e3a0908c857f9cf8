package dev.doorbell.bench.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurstShapeTest {

    @Test
    void parsesChangesAndSpan() {
        BurstShape shape = BurstShape.parse(" 20 : 500 ");

        assertThat(shape.changes()).isEqualTo(20);
        assertThat(shape.span()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> BurstShape.parse("20-500")).hasMessageContaining("k:t");
    }

    @Test
    void theMinimumIntervalsBoundIsTwoPlusTheSpanOverIt() {
        assertThat(BurstShape.bound(Duration.ofMillis(500), Duration.ofMillis(25))).isEqualTo(22.0);
        assertThat(BurstShape.bound(Duration.ofMillis(500), Duration.ofMillis(100))).isEqualTo(7.0);
    }

    @Test
    void theRampsBoundCountsOneFetchPerSpacingShorterThanTheMaximum() {
        Duration span = Duration.ofMillis(2_000);
        // 25 and 50 ms are shorter than 100: 2 + 2 + 20
        assertThat(BurstShape.closeBound(span, Duration.ofMillis(25), Duration.ofMillis(100))).isEqualTo(24.0);
        // 30, 60 and 120 are shorter than 200: 2 + 3 + 10
        assertThat(BurstShape.closeBound(span, Duration.ofMillis(30), Duration.ofMillis(200))).isEqualTo(15.0);
        // a fixed spacing has no shorter step: the minimum interval's bound
        assertThat(BurstShape.closeBound(span, Duration.ofMillis(100), Duration.ofMillis(100)))
                .isEqualTo(BurstShape.bound(span, Duration.ofMillis(100)));
        assertThat(BurstShape.closeBound(span, Duration.ZERO, Duration.ofMillis(100))).isInfinite();
    }
}
