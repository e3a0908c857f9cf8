package dev.doorbell.cli.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Bounded polling for production code: ask until the answer is present or the time is up. */
public final class Poll {

    private static final Duration EVERY = Duration.ofMillis(25);

    private Poll() {}

    /**
     * Calls {@code probe} every 25 ms until it answers a value; a probe that throws counts as "not yet".
     *
     * @throws DemoFailure naming {@code what} if {@code timeout} passes first (with the last error, if any)
     */
    public static <T> T until(Callable<Optional<T>> probe, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> answer = probe.call();
                if (answer.isPresent()) {
                    return answer.get();
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new DemoFailure("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
            }
            Thread.sleep(EVERY);
        }
    }

    /** As {@link #until(Callable, Duration, String)} for a yes/no condition. */
    public static void untilTrue(Callable<Boolean> condition, Duration timeout, String what) throws InterruptedException {
        until(() -> condition.call() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout, what);
    }
}
