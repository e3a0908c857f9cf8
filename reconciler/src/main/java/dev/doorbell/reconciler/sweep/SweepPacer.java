package dev.doorbell.reconciler.sweep;

/** Holds each ring of one sweep back until it is due by its {@link SweepPace}, on a {@link SweepSleeper}. */
final class SweepPacer {

    private final SweepPace pace;
    private final SweepSleeper sleeper;
    private final long start;
    private long waitedNanos;

    SweepPacer(SweepPace pace, SweepSleeper sleeper) {
        this.pace = pace;
        this.sleeper = sleeper;
        this.start = sleeper.nanoTime();
    }

    /**
     * Waits until ring {@code index} (from 0) is due.
     *
     * @return {@code false} if the sleeper was stopped or the thread interrupted (interrupt status kept):
     *         the sweep is to stop
     */
    boolean awaitTurn(long index) {
        long due = start + pace.dueNanos(index);
        long now = sleeper.nanoTime();
        if (due - now <= 0) {
            return true;
        }
        try {
            return sleeper.sleepUntil(due);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waitedNanos += sleeper.nanoTime() - now;
        }
    }

    /** Time spent in {@link #awaitTurn} waiting so far. */
    long waitedNanos() {
        return waitedNanos;
    }
}
