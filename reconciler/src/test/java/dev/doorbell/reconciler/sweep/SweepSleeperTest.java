package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production sleeper: a stop wakes a long wait at once (the only real waiting here is on that wake-up). */
class SweepSleeperTest {

    @Test
    void stopWakesALongSleepAndLaterSleepsReturnAtOnce() throws Exception {
        SweepSleeper sleeper = SweepSleeper.system();
        long anHourOn = sleeper.nanoTime() + Duration.ofHours(1).toNanos();
        CompletableFuture<Boolean> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return sleeper.sleepUntil(anHourOn);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(sleeping).isNotDone();

        sleeper.stop();

        assertThat(sleeping.get(10, TimeUnit.SECONDS)).as("woken, not due").isFalse();
        assertThat(sleeper.sleepUntil(anHourOn)).isFalse();
    }

    @Test
    void aDeadlineAlreadyPastReturnsAtOnce() throws InterruptedException {
        SweepSleeper sleeper = SweepSleeper.system();
        assertThat(sleeper.sleepUntil(sleeper.nanoTime() - 1)).isTrue();
    }
}
