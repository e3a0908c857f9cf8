package dev.doorbell.bench.stack;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.reconciler.apply.LatencyWindow;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The pipeline's own latency histograms over a phase, stage by stage (the ones the components' {@code /metrics} serve and
 * the status lines read), one per {@link StageHistogram} (published → commit is from the observation record's
 * timestamp, when the fetcher or the gateway handed it to its producer). Together they split a doorbell's path where a median or a tail forms:
 * waiting for a round, the sled, the answer's round, or between {@code vmm.states}'s producer and the database. The
 * reconciler records only observations its consumer applies from {@code vmm.states} (doorbell, upcall-body and
 * watcher-only; never direct-upcall, which writes straight to the database), each VMM's newest one per committed batch;
 * ring → commit only those a doorbell caused. Percentiles are bucket upper bounds ({@link LatencyWindow#percentile}), the
 * mean is exact ({@link LatencyWindow#mean}); NaN where the histogram recorded nothing in the phase.
 *
 * @param stages what each histogram recorded in the phase (a histogram missing here recorded nothing)
 */
public record StageLatency(Map<StageHistogram, Stage> stages) {

    /** Nothing recorded (or not measured). */
    public static final StageLatency NONE = new StageLatency(Map.of());

    public StageLatency {
        EnumMap<StageHistogram, Stage> copy = new EnumMap<>(StageHistogram.class);
        copy.putAll(stages);
        stages = Collections.unmodifiableMap(copy);
    }

    /**
     * One histogram over a phase.
     *
     * @param count values recorded in the phase
     * @param p50   their p50, ms (NaN: none recorded)
     * @param p99   their p99, ms (NaN: none recorded)
     * @param mean  their mean, ms (NaN: none recorded, or the meters' totals not read)
     */
    public record Stage(long count, double p50, double p99, double mean) {

        public static final Stage NONE = new Stage(0, Double.NaN, Double.NaN, Double.NaN);

        static Stage between(NavigableMap<Double, Double> start, NavigableMap<Double, Double> end, LatencyWindow.Totals startTotals,
                             LatencyWindow.Totals endTotals) {
            return new Stage(LatencyWindow.count(start, end), LatencyWindow.percentile(start, end, 0.5) * 1000,
                    LatencyWindow.percentile(start, end, 0.99) * 1000, LatencyWindow.mean(startTotals, endTotals) * 1000);
        }
    }

    /** @return what {@code histogram} recorded in the phase ({@link Stage#NONE}: nothing) */
    public Stage of(StageHistogram histogram) {
        return stages.getOrDefault(histogram, Stage.NONE);
    }

    public Stage ringToEmit() {
        return of(StageHistogram.RING_TO_EMIT);
    }

    public Stage changeToCommit() {
        return of(StageHistogram.CHANGE_TO_COMMIT);
    }

    public Stage ringToCommit() {
        return of(StageHistogram.RING_TO_COMMIT);
    }

    public Stage publishToCommit() {
        return of(StageHistogram.PUBLISH_TO_COMMIT);
    }

    /** @return what was recorded between {@code start} and {@code end} (a component restarted in between shows as nothing) */
    public static StageLatency between(StageBuckets start, StageBuckets end) {
        Map<StageHistogram, Stage> stages = new EnumMap<>(StageHistogram.class);
        for (StageHistogram h : StageHistogram.values()) {
            Stage stage = Stage.between(start.of(h), end.of(h), start.totalsOf(h), end.totalsOf(h));
            if (stage.count() > 0) {
                stages.put(h, stage);
            }
        }
        return new StageLatency(stages);
    }
}
