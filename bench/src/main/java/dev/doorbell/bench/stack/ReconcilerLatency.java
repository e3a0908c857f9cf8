package dev.doorbell.bench.stack;

import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.apply.LatencyWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reconciler's own end-to-end latency over a phase, from its histograms (the ones its {@code /metrics} serves and the
 * status lines read): change → commit ({@link ApplierMetrics#CHANGE_TO_COMMIT_LATENCY}, from the sled's
 * {@code time_updated} to the database commit) and ring → commit ({@link ApplierMetrics#RING_TO_COMMIT_LATENCY}, from
 * the first doorbell that caused the fetch). Only observations the reconciler's consumer applies from {@code vmm.states}
 * are recorded (doorbell, upcall-body and watcher-only; never direct-upcall, which writes straight to the database), each
 * VMM's newest one per committed batch; ring → commit only those a doorbell caused. Figures are bucket upper bounds
 * ({@link LatencyWindow#percentile}), NaN where the histogram recorded nothing in the phase.
 *
 * @param changes          values change → commit recorded in the phase
 * @param changeToCommitP50 its p50, ms
 * @param changeToCommitP99 its p99, ms
 * @param rings            values ring → commit recorded in the phase
 * @param ringToCommitP50  its p50, ms
 * @param ringToCommitP99  its p99, ms
 */
public record ReconcilerLatency(long changes, double changeToCommitP50, double changeToCommitP99, long rings, double ringToCommitP50,
                                double ringToCommitP99) {

    /** Nothing recorded (or not measured). */
    public static final ReconcilerLatency NONE = new ReconcilerLatency(0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);

    /** Both histograms' cumulative buckets (upper bound in seconds → count) at one moment. */
    public record Buckets(NavigableMap<Double, Double> changeToCommit, NavigableMap<Double, Double> ringToCommit) {

        public static final Buckets EMPTY = new Buckets(new TreeMap<>(), new TreeMap<>());

        /** @return the buckets of the reconciler whose meters are {@code registry} */
        public static Buckets of(MeterRegistry registry) {
            return new Buckets(LatencyWindow.snapshot(registry, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY),
                    LatencyWindow.snapshot(registry, ApplierMetrics.RING_TO_COMMIT_LATENCY));
        }
    }

    /** @return what was recorded between {@code start} and {@code end} (a reconciler restarted in between shows as nothing) */
    public static ReconcilerLatency between(Buckets start, Buckets end) {
        return new ReconcilerLatency(LatencyWindow.count(start.changeToCommit(), end.changeToCommit()),
                millis(start.changeToCommit(), end.changeToCommit(), 0.5), millis(start.changeToCommit(), end.changeToCommit(), 0.99),
                LatencyWindow.count(start.ringToCommit(), end.ringToCommit()),
                millis(start.ringToCommit(), end.ringToCommit(), 0.5), millis(start.ringToCommit(), end.ringToCommit(), 0.99));
    }

    private static double millis(NavigableMap<Double, Double> start, NavigableMap<Double, Double> end, double percentile) {
        return LatencyWindow.percentile(start, end, percentile) * 1000;
    }
}
