package dev.doorbell.bench.stack;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.apply.LatencyWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The pipeline's own latency histograms over a phase, stage by stage (the ones the components' {@code /metrics} serve and
 * the status lines read), one per {@link Histogram}: the fetcher's from a VMM's first doorbell to its sled request's
 * start, the request itself, the request's start to its answer handled, and ring → emitted (to the observation handed
 * to the producer); the reconciler's published → commit (from the observation record's timestamp, when the fetcher or
 * the gateway handed it to its producer), change → commit (from the sled's {@code time_updated}) and ring → commit (from
 * the first doorbell that caused the fetch). Together they split a doorbell's path where a median or a tail forms:
 * waiting for a round, the sled, the answer's round, or between {@code vmm.states}'s producer and the database. The
 * reconciler records only observations its consumer applies from {@code vmm.states} (doorbell, upcall-body and
 * watcher-only; never direct-upcall, which writes straight to the database), each VMM's newest one per committed batch;
 * ring → commit only those a doorbell caused. Figures are bucket upper bounds ({@link LatencyWindow#percentile}), NaN
 * where the histogram recorded nothing in the phase.
 *
 * @param stages what each histogram recorded in the phase (a histogram missing here recorded nothing)
 */
public record StageLatency(Map<Histogram, Stage> stages) {

    /** Nothing recorded (or not measured). */
    public static final StageLatency NONE = new StageLatency(Map.of());

    public StageLatency {
        EnumMap<Histogram, Stage> copy = new EnumMap<>(Histogram.class);
        copy.putAll(stages);
        stages = Collections.unmodifiableMap(copy);
    }

    /** The histograms read, in the path's order. */
    public enum Histogram {
        RING_TO_START(true, FetcherMetrics.RING_TO_START_LATENCY, "ring_to_start"),
        SLED_REQUEST(true, FetcherMetrics.SLED_REQUEST_LATENCY, "sled_request"),
        FETCH(true, FetcherMetrics.FETCH_LATENCY, "fetch"),
        RING_TO_EMIT(true, FetcherMetrics.RING_TO_EMIT_LATENCY, "ring_to_emit"),
        PUBLISH_TO_COMMIT(false, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY, "publish_to_commit"),
        CHANGE_TO_COMMIT(false, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY, "change_to_commit"),
        RING_TO_COMMIT(false, ApplierMetrics.RING_TO_COMMIT_LATENCY, "ring_to_commit");

        private final boolean fetcher;
        private final String meter;
        private final String wireName;

        Histogram(boolean fetcher, String meter, String wireName) {
            this.fetcher = fetcher;
            this.meter = meter;
            this.wireName = wireName;
        }

        /** @return whether the fetcher records it (else the reconciler) */
        public boolean fetcher() {
            return fetcher;
        }

        public String wireName() {
            return wireName;
        }
    }

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

    /** @return what {@code histogram} recorded in the phase ({@link Stage#NONE}: nothing) */
    public Stage of(Histogram histogram) {
        return stages.getOrDefault(histogram, Stage.NONE);
    }

    public Stage ringToEmit() {
        return of(Histogram.RING_TO_EMIT);
    }

    public Stage changeToCommit() {
        return of(Histogram.CHANGE_TO_COMMIT);
    }

    public Stage ringToCommit() {
        return of(Histogram.RING_TO_COMMIT);
    }

    public Stage publishToCommit() {
        return of(Histogram.PUBLISH_TO_COMMIT);
    }

    /** The histograms' cumulative buckets (upper bound in seconds → count) at one moment; a missing one has none. */
    public record Buckets(Map<Histogram, NavigableMap<Double, Double>> histograms) {

        public static final Buckets EMPTY = new Buckets(Map.of());

        public Buckets {
            histograms = Map.copyOf(histograms);
        }

        /** @return the buckets of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
        public static Buckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
            Map<Histogram, NavigableMap<Double, Double>> out = new EnumMap<>(Histogram.class);
            for (Histogram h : Histogram.values()) {
                out.put(h, LatencyWindow.snapshot(h.fetcher ? fetcher : reconciler, h.meter));
            }
            return new Buckets(out);
        }

        NavigableMap<Double, Double> of(Histogram histogram) {
            return histograms.getOrDefault(histogram, new TreeMap<>());
        }
    }

    /** @return what was recorded between {@code start} and {@code end} (a component restarted in between shows as nothing) */
    public static StageLatency between(Buckets start, Buckets end) {
        Map<Histogram, Stage> stages = new EnumMap<>(Histogram.class);
        for (Histogram h : Histogram.values()) {
            Stage stage = Stage.between(start.of(h), end.of(h));
            if (stage.count() > 0) {
                stages.put(h, stage);
            }
        }
        return new StageLatency(stages);
    }
}
