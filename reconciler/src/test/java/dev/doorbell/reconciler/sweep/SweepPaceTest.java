package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.IntSummaryStatistics;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SweepPaceTest {

    @Test
    void ringsAreReleasedInEqualStepsThatEndWithinTheWindowAndNoCloserThanTheMinimumStep() {
        qt().forAll(integers().between(0, 5_000), integers().between(0, 120_000)).checkAssert((expected, windowMillis) -> {
            Duration window = Duration.ofMillis(windowMillis);
            SweepPace pace = SweepPace.of(expected, window);
            TreeMap<Long, Integer> perStep = new TreeMap<>();
            long previous = 0;
            for (long i = 0; i < expected; i++) {
                long due = pace.dueNanos(i);
                assertThat(due).as("in order").isGreaterThanOrEqualTo(previous);
                previous = due;
                perStep.merge(due, 1, Integer::sum);
            }
            if (expected == 0) {
                return;
            }
            assertThat(pace.dueNanos(0)).as("the first ring at once").isZero();
            assertThat(previous).as("the last step within the window").isLessThanOrEqualTo(window.toNanos());
            assertThat((long) perStep.size()).isEqualTo(Math.max(1, pace.steps()));
            Long gap = null;
            for (Long at : perStep.keySet()) {
                Long higher = perStep.higherKey(at);
                if (higher != null) {
                    gap = gap == null ? higher - at : Math.min(gap, higher - at);
                }
            }
            if (gap != null) {
                assertThat(gap).as("steps no closer than the minimum").isGreaterThanOrEqualTo(SweepPace.MIN_STEP.toNanos() - 1);
            }
            IntSummaryStatistics sizes = perStep.values().stream().mapToInt(Integer::intValue).summaryStatistics();
            assertThat(sizes.getMax() - sizes.getMin()).as("equal steps").isLessThanOrEqualTo(1);
            if (pace.steps() > 0) {
                assertThat(pace.dueNanos(expected)).as("rings beyond the count go on at the pace").isEqualTo(window.toNanos());
            }
        });
    }

    @Test
    void tenRingsOverFiveSecondsAreHalfASecondApart() {
        SweepPace pace = SweepPace.of(10, Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertThat(pace.dueNanos(i)).isEqualTo(Duration.ofMillis(500L * i).toNanos());
        }
    }

    @Test
    void aZeroWindowOrNothingToRingReleasesEverythingAtOnce() {
        assertThat(SweepPace.of(1000, Duration.ZERO).dueNanos(999)).isZero();
        assertThat(SweepPace.of(1000, Duration.ofMillis(9)).dueNanos(999)).as("shorter than one step").isZero();
        assertThat(SweepPace.of(0, Duration.ofSeconds(15)).dueNanos(5)).as("uncounted rings").isZero();
    }
}
