package dev.doorbell.bench.stack;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.apply.LatencyWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The pipeline's own latency histograms over a phase, stage by stage (the ones the components' {@code /metrics} serve and
 * the status lines read): the fetcher's ring → emitted ({@link FetcherMetrics#RING_TO_EMIT_LATENCY}, from a VMM's first
 * doorbell to its observation handed to the producer), and the reconciler's change → commit
 * ({@link ApplierMetrics#CHANGE_TO_COMMIT_LATENCY}, from the sled's {@code time_updated} to the database commit) and
 * ring → commit ({@link ApplierMetrics#RING_TO_COMMIT_LATENCY}, from the first doorbell that caused the fetch). Ring →
 * emitted against ring → commit tells where a tail forms: before the observation leaves the fetcher, or between
 * {@code vmm.states} and the database. The reconciler records only observations its consumer applies from
 * {@code vmm.states} (doorbell, upcall-body and watcher-only; never direct-upcall, which writes straight to the
 * database), each VMM's newest one per committed batch; ring → commit only those a doorbell caused. Figures are bucket
 * upper bounds ({@link LatencyWindow#percentile}), NaN where the histogram recorded nothing in the phase.
 *
 * @param emits             values ring → emitted recorded in the phase
 * @param ringToEmitP50     its p50, ms
 * @param ringToEmitP99     its p99, ms
 * @param changes           values change → commit recorded in the phase
 * @param changeToCommitP50 its p50, ms
 * @param changeToCommitP99 its p99, ms
 * @param rings             values ring → commit recorded in the phase
 * @param ringToCommitP50   its p50, ms
 * @param ringToCommitP99   its p99, ms
 */
public record StageLatency(long emits, double ringToEmitP50, double ringToEmitP99, long changes, double changeToCommitP50,
                           double changeToCommitP99, long rings, double ringToCommitP50, double ringToCommitP99) {

    /** Nothing recorded (or not measured). */
    public static final StageLatency NONE = new StageLatency(0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0, Double.NaN,
            Double.NaN);

    /** The three histograms' cumulative buckets (upper bound in seconds → count) at one moment. */
    public record Buckets(NavigableMap<Double, Double> ringToEmit, NavigableMap<Double, Double> changeToCommit,
                          NavigableMap<Double, Double> ringToCommit) {

        public static final Buckets EMPTY = new Buckets(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        /** @return the buckets of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
        public static Buckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
            return new Buckets(LatencyWindow.snapshot(fetcher, FetcherMetrics.RING_TO_EMIT_LATENCY),
                    LatencyWindow.snapshot(reconciler, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY),
                    LatencyWindow.snapshot(reconciler, ApplierMetrics.RING_TO_COMMIT_LATENCY));
        }
    }

    /** @return what was recorded between {@code start} and {@code end} (a component restarted in between shows as nothing) */
    public static StageLatency between(Buckets start, Buckets end) {
        return new StageLatency(LatencyWindow.count(start.ringToEmit(), end.ringToEmit()),
                millis(start.ringToEmit(), end.ringToEmit(), 0.5), millis(start.ringToEmit(), end.ringToEmit(), 0.99),
                LatencyWindow.count(start.changeToCommit(), end.changeToCommit()),
                millis(start.changeToCommit(), end.changeToCommit(), 0.5), millis(start.changeToCommit(), end.changeToCommit(), 0.99),
                LatencyWindow.count(start.ringToCommit(), end.ringToCommit()),
                millis(start.ringToCommit(), end.ringToCommit(), 0.5), millis(start.ringToCommit(), end.ringToCommit(), 0.99));
    }

    private static double millis(NavigableMap<Double, Double> start, NavigableMap<Double, Double> end, double percentile) {
        return LatencyWindow.percentile(start, end, percentile) * 1000;
    }
}
