package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FetcherSettingsTest {

    @Test
    void gathersTwoMillisecondsByDefaultAndAnythingFromZeroToTheMaximumOnRequest() {
        assertThat(FetcherSettings.defaults().gather()).isEqualTo(Duration.ofMillis(2));
        assertThat(FetcherSettings.defaults().withGather(Duration.ZERO).gather()).isZero();
        assertThat(FetcherSettings.defaults().withGather(FetcherSettings.MAX_GATHER).gather()).isEqualTo(Duration.ofMillis(20));
        assertThat(FetcherSettings.defaults().withGather(Duration.ZERO).withMaxBatch(7).gather()).as("kept by the other withers").isZero();
    }

    @Test
    void refusesANegativeOrTooLongGatheringInterval() {
        assertThatThrownBy(() -> FetcherSettings.defaults().withGather(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gather must be 0..20 ms, was -1 ms");
        assertThatThrownBy(() -> FetcherSettings.defaults().withGather(Duration.ofMillis(21)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..20 ms");
        assertThatThrownBy(() -> FetcherSettings.defaults().withGather(null)).isInstanceOf(NullPointerException.class);
    }
}
