package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void doublesPerAttemptUpToTheCapWithTheJitterBetweenHalfAndWhole() {
        assertThat(backoff.delay(1, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.delay(2, 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(300));
        assertThat(backoff.delay(6, 1)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(7, 1)).as("capped").isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(Integer.MAX_VALUE, 1)).as("no overflow however many attempts").isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(0, 1)).as("attempts below 1 count as the first").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theRandomJitterStaysWithinHalfAndWholeAndVaries() {
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = backoff.delay(3);
            assertThat(d).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            seen.add(d);
        }
        assertThat(seen).as("jittered, not constant").hasSizeGreaterThan(10);
    }

    @Test
    void refusesBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
