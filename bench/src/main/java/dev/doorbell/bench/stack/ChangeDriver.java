package dev.doorbell.bench.stack;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;

/** Steady churn: changes at a fixed rate for a fixed time, with a progress bar. */
public final class ChangeDriver {

    private static final long MAX_PARK_NANOS = 2_000_000;

    private final BenchStack stack;
    private final Progress progress;

    public ChangeDriver(BenchStack stack, Progress progress) {
        this.stack = stack;
        this.progress = progress;
    }

    /**
     * Makes {@code rate} changes a second for {@code length} (behind schedule it catches up at once),
     * each of the VMM {@code pick} names, tagged by {@code tagOf} (VMM index to tag), delivered as
     * {@code mode} does; redraws a progress line each second. Call it from {@link BenchStack#onSledThread}.
     *
     * @return changes made
     */
    public long steady(DeliveryMode mode, int rate, Duration length, IntSupplier pick, IntUnaryOperator tagOf, String label) {
        return steady(mode, rate, length, () -> false, pick, tagOf, label);
    }

    /**
     * As {@link #steady(DeliveryMode, int, Duration, IntSupplier, IntUnaryOperator, String)}, but stops
     * as soon as {@code stop} says so (asked between changes, so it must be cheap), or after
     * {@code length} at the latest.
     *
     * @return changes made
     */
    public long steady(DeliveryMode mode, int rate, Duration length, BooleanSupplier stop, IntSupplier pick,
                       IntUnaryOperator tagOf, String label) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long done = 0;
        long nextProgress = start;
        while (true) {
            long now = System.nanoTime();
            if (now >= end || stop.getAsBoolean()) {
                draw(label, length, Math.min(now - start, length.toNanos()), done);
                return done;
            }
            long owed = (long) ((now - start) / 1e9 * rate);
            while (done < owed) {
                int index = pick.getAsInt();
                stack.change(index, mode, tagOf.applyAsInt(index));
                done++;
            }
            if (now >= nextProgress) {
                nextProgress += 1_000_000_000L;
                draw(label, length, now - start, done);
            }
            long nextDue = start + (long) ((done + 1) * 1e9 / rate);
            LockSupport.parkNanos(Math.max(1, Math.min(MAX_PARK_NANOS, Math.min(nextDue, end) - System.nanoTime())));
        }
    }

    private void draw(String label, Duration length, long elapsedNanos, long done) {
        progress.inline(String.format(Locale.ROOT, "%s %s %.0f/%.0f s, %,d changes, %,d pending", label,
                Progress.bar(elapsedNanos, length.toNanos()), elapsedNanos / 1e9, length.toNanos() / 1e9, done, stack.meter().pendingCount()));
    }
}
