package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweepSettingsTest {

    private static final SweepSettings THIRTY_SECONDS = SweepSettings.defaults();

    @Test
    void aLargeFleetIsSpreadOverHalfThePeriod() {
        assertThat(THIRTY_SECONDS.window(100_000)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theCheckOfALargeFleetIsPacedOverTheOtherHalfAndASmallOneAtTheMinimumRate() {
        assertThat(THIRTY_SECONDS.checkWindow(100_000)).isEqualTo(Duration.ofSeconds(15));
        assertThat(THIRTY_SECONDS.checkWindow(5_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(THIRTY_SECONDS.withCheckSpread(0).checkWindow(100_000)).as("at once").isZero();
    }

    @Test
    void aSmallFleetRingsAtTheMinimumRateAndSoFinishesSooner() {
        assertThat(THIRTY_SECONDS.window(10)).isEqualTo(Duration.ofMillis(10));
        assertThat(THIRTY_SECONDS.window(0)).isZero();
        assertThat(THIRTY_SECONDS.window(5_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutAMinimumRateEveryFleetIsSpread() {
        assertThat(THIRTY_SECONDS.withMinRate(0).window(10)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aZeroSpreadRingsAtOnce() {
        assertThat(THIRTY_SECONDS.withSpread(0).window(100_000)).isZero();
        assertThat(THIRTY_SECONDS.withSpread(1).withMinRate(0).window(100_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsASpreadOutsideTheOnePeriodOrANegativeRate() {
        assertThatThrownBy(() -> THIRTY_SECONDS.withSpread(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> THIRTY_SECONDS.withSpread(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> THIRTY_SECONDS.withSpread(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> THIRTY_SECONDS.withMinRate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> THIRTY_SECONDS.withMinRate(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
