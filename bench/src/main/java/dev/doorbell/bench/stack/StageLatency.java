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
 * ring → commit ({@link ApplierMetrics#RING_TO_COMMIT_LATENCY}, from the first doorbell that caused the fetch) and
 * published → commit ({@link ApplierMetrics#PUBLISH_TO_COMMIT_LATENCY}, from the observation record's timestamp, when
 * the fetcher or the gateway handed it to its producer). Ring → emitted against ring → commit, and published → commit
 * on its own, tell where a median or a tail forms: before the observation leaves the fetcher, or between
 * {@code vmm.states}'s producer and the database. The reconciler records only observations its consumer applies from
 * {@code vmm.states} (doorbell, upcall-body and watcher-only; never direct-upcall, which writes straight to the
 * database), each VMM's newest one per committed batch; ring → commit only those a doorbell caused. Figures are bucket
 * upper bounds ({@link LatencyWindow#percentile}), NaN where the histogram recorded nothing in the phase.
 *
 * @param ringToEmit     the fetcher's ring → emitted
 * @param changeToCommit the reconciler's change → commit
 * @param ringToCommit    the reconciler's ring → commit
 * @param publishToCommit the reconciler's published → commit
 */
public record StageLatency(Stage ringToEmit, Stage changeToCommit, Stage ringToCommit, Stage publishToCommit) {

    /** Nothing recorded (or not measured). */
    public static final StageLatency NONE = new StageLatency(Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE);

    /**
     * One histogram over a phase.
     *
     * @param count values recorded in the phase
     * @param p50   their p50, ms (NaN: none recorded)
     * @param p99   their p99, ms (NaN: none recorded)
     */
    public record Stage(long count, double p50, double p99) {

        public static final Stage NONE = new Stage(0, Double.NaN, Double.NaN);

        static Stage between(NavigableMap<Double, Double> start, NavigableMap<Double, Double> end) {
            return new Stage(LatencyWindow.count(start, end), LatencyWindow.percentile(start, end, 0.5) * 1000,
                    LatencyWindow.percentile(start, end, 0.99) * 1000);
        }
    }

    /** The four histograms' cumulative buckets (upper bound in seconds → count) at one moment. */
    public record Buckets(NavigableMap<Double, Double> ringToEmit, NavigableMap<Double, Double> changeToCommit,
                          NavigableMap<Double, Double> ringToCommit, NavigableMap<Double, Double> publishToCommit) {

        public static final Buckets EMPTY = new Buckets(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        /** @return the buckets of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
        public static Buckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
            return new Buckets(LatencyWindow.snapshot(fetcher, FetcherMetrics.RING_TO_EMIT_LATENCY),
                    LatencyWindow.snapshot(reconciler, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY),
                    LatencyWindow.snapshot(reconciler, ApplierMetrics.RING_TO_COMMIT_LATENCY),
                    LatencyWindow.snapshot(reconciler, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY));
        }
    }

    /** @return what was recorded between {@code start} and {@code end} (a component restarted in between shows as nothing) */
    public static StageLatency between(Buckets start, Buckets end) {
        return new StageLatency(Stage.between(start.ringToEmit(), end.ringToEmit()),
                Stage.between(start.changeToCommit(), end.changeToCommit()), Stage.between(start.ringToCommit(), end.ringToCommit()),
                Stage.between(start.publishToCommit(), end.publishToCommit()));
    }
}
