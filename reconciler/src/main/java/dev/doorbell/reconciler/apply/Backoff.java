package dev.doorbell.reconciler.apply;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code initial}, doubling per failure up to {@code max}, each ±20%. Not thread-safe. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration current;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    Duration next() {
        Duration base = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (base.toNanos() * jitter));
    }

    void reset() {
        current = initial;
    }
}
