package dev.doorbell.reconciler.sweep;

import java.time.Duration;

/**
 * When each ring of a spread sweep is due, as an offset from the sweep's start: {@code expected}
 * rings released in equal steps over {@code window}, a step at most every {@link #MIN_STEP}. Ring
 * {@code i} is due at step {@code floor(i * steps / expected)}, so step {@code k} starts at
 * {@code k * window / steps} and the last step starts one step before the window ends. Rings
 * beyond {@code expected} (VMMs created after the sweep counted them) go on at the same pace.
 *
 * @param expected   rings the sweep expects (its count of VMMs at the start)
 * @param windowNanos the time the sweep's rings are spread over
 * @param steps      how many steps the rings are released in: {@code 0} releases them all at once
 */
record SweepPace(long expected, long windowNanos, long steps) {

    /**
     * The rings of one step reach the fetcher together, so it asks each sled for many of them in one
     * batched request. With 10 ms steps a sweep of 10,000 VMMs over 10 s came as about one ring per
     * sled per step: one sled request per VMM, and a scale step at 250 changes/s held p99 at 203 ms
     * while sweeps ran (bench scale, 2 cores). Four steps a second keep batches large and the load spread.
     */
    static final Duration MIN_STEP = Duration.ofMillis(250);

    static SweepPace of(long expected, Duration window) {
        long steps = Math.min(expected, window.toNanos() / MIN_STEP.toNanos());
        return new SweepPace(expected, window.toNanos(), Math.max(steps, 0));
    }

    /** @return nanoseconds after the sweep's start at which ring {@code index} (from 0) is due */
    long dueNanos(long index) {
        if (steps == 0) {
            return 0;
        }
        long step = index / expected * steps + index % expected * steps / expected;
        return step / steps * windowNanos + step % steps * windowNanos / steps;
    }
}
