package dev.doorbell.bench.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * When the reconciler's watcher sweeps were loading the pipeline, worked out from samples of its
 * counters (fed in time order, e.g. every 20 ms). A window opens when the sweep's rung-VMMs counter
 * starts growing (at the sample before, or at the sweep's end minus its recorded duration if that is
 * earlier: the counter only grows after each batch) and closes once the sweep has ended and the
 * fetcher has consumed, since the window opened, at least as many rings as the sweep rang (a lower
 * bound of the sweep's rings reaching the fetcher: the changes' own rings count too). A sweep that
 * rang nothing (it compares with the sleds first, and every VMM was in sync) has the window of its
 * own run: from its end minus its recorded duration to its end. A window still
 * open is open until now. Not thread-safe: one sampler feeds it, readers copy under its lock.
 */
public final class SweepWindows {

    /** One window, in epoch milliseconds; {@code endEpochMs} is {@link Long#MAX_VALUE} while open. */
    public record Window(long startEpochMs, long endEpochMs) {
        public boolean contains(double epochMs) {
            return epochMs >= startEpochMs && epochMs <= endEpochMs;
        }
    }

    /** The counters a sample reads. */
    public record Sample(long epochMs, long sweepRings, long sweeps, long sweepNanos, long ringsConsumed) {}

    private final List<Window> closed = new ArrayList<>();
    private Sample previous;
    private Sample opened; // the sample before the sweep's rings started growing; null when no window is open
    private long openedAtMs;
    private long rungBySweep = -1; // set once the sweep has ended

    /** Takes the next sample. */
    public synchronized void observe(Sample s) {
        if (previous != null) {
            if (opened == null && s.sweepRings() > previous.sweepRings()) {
                opened = previous;
                openedAtMs = previous.epochMs();
                rungBySweep = -1;
            } else if (opened != null && rungBySweep >= 0 && s.sweepRings() > previous.sweepRings()) {
                // the next sweep began before this one's rings were consumed: one ends, the next opens
                closed.add(new Window(openedAtMs, previous.epochMs()));
                opened = previous;
                openedAtMs = previous.epochMs();
                rungBySweep = -1;
            }
            if (opened == null && s.sweeps() > previous.sweeps()) {
                // a sweep that rang nothing (every VMM confirmed in sync by its sled): its window is its own run
                long tookMs = (s.sweepNanos() - previous.sweepNanos()) / 1_000_000;
                closed.add(new Window(s.epochMs() - tookMs, s.epochMs()));
            }
            if (opened != null && rungBySweep < 0 && s.sweeps() > opened.sweeps()) {
                rungBySweep = s.sweepRings() - opened.sweepRings();
                long tookMs = (s.sweepNanos() - opened.sweepNanos()) / 1_000_000;
                openedAtMs = Math.min(openedAtMs, s.epochMs() - tookMs);
            }
            if (opened != null && rungBySweep >= 0 && s.ringsConsumed() - opened.ringsConsumed() >= rungBySweep) {
                closed.add(new Window(openedAtMs, s.epochMs()));
                opened = null;
            }
        }
        previous = s;
    }

    /** @return the windows so far, the open one (if any) last and open-ended */
    public synchronized List<Window> windows() {
        List<Window> out = new ArrayList<>(closed);
        if (opened != null) {
            out.add(new Window(openedAtMs, Long.MAX_VALUE));
        }
        return out;
    }

    /** @return whether {@code epochMs} falls in one of {@code windows} */
    public static boolean during(List<Window> windows, double epochMs) {
        for (Window w : windows) {
            if (w.contains(epochMs)) {
                return true;
            }
        }
        return false;
    }
}
