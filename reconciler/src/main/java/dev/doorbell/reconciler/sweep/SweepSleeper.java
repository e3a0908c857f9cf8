package dev.doorbell.reconciler.sweep;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The time a spread sweep paces its rings by. {@link #system()} waits for real; tests drive a fake,
 * so pacing is tested without waiting.
 */
public interface SweepSleeper {

    /** Now, in nanoseconds on a monotonic clock (as {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Waits until {@link #nanoTime()} reaches {@code deadline}.
     *
     * @return {@code true} once the deadline came; {@code false} if {@link #stop()} was called, at once
     * @throws InterruptedException if the waiting thread was interrupted
     */
    boolean sleepUntil(long deadline) throws InterruptedException;

    /** Wakes the sleep in progress and makes every later one return {@code false} at once. */
    void stop();

    /** Real time: waits on a condition that {@link #stop()} signals, so a stop is prompt. */
    static SweepSleeper system() {
        return new SweepSleeper() {
            private final ReentrantLock lock = new ReentrantLock();
            private final Condition stopped = lock.newCondition();
            private boolean isStopped;

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean sleepUntil(long deadline) throws InterruptedException {
                lock.lock();
                try {
                    while (!isStopped) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return true;
                        }
                        stopped.awaitNanos(left);
                    }
                    return false;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void stop() {
                lock.lock();
                try {
                    isStopped = true;
                    stopped.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
