package dev.doorbell.assembly;

import dev.doorbell.reconciler.apply.LatencyWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every {@link StageHistogram} at one moment, as cumulative buckets (upper bound in seconds → count); what a stage
 * recorded over an interval is the growth between two of them ({@link LatencyWindow#percentile}, {@link LatencyWindow#count}).
 *
 * @param histograms each histogram's buckets; one missing here has none (not registered, or not scraped)
 */
public record StageBuckets(Map<StageHistogram, NavigableMap<Double, Double>> histograms) {

    /** No histogram at all. */
    public static final StageBuckets EMPTY = new StageBuckets(Map.of());

    public StageBuckets {
        EnumMap<StageHistogram, NavigableMap<Double, Double>> copy = new EnumMap<>(StageHistogram.class);
        histograms.forEach((h, buckets) -> copy.put(h, new TreeMap<>(buckets)));
        histograms = Collections.unmodifiableMap(copy);
    }

    /** @return the buckets of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
    public static StageBuckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
        return of(h -> LatencyWindow.snapshot(h.fetcher() ? fetcher : reconciler, h.meter()));
    }

    /** @return each histogram's buckets as {@code read} gives them */
    public static StageBuckets of(Function<StageHistogram, NavigableMap<Double, Double>> read) {
        Map<StageHistogram, NavigableMap<Double, Double>> out = new EnumMap<>(StageHistogram.class);
        for (StageHistogram h : StageHistogram.values()) {
            out.put(h, read.apply(h));
        }
        return new StageBuckets(out);
    }

    /** @return {@code histogram}'s buckets (a copy; empty if it has none) */
    public NavigableMap<Double, Double> of(StageHistogram histogram) {
        NavigableMap<Double, Double> buckets = histograms.get(histogram);
        return buckets == null ? new TreeMap<>() : new TreeMap<>(buckets);
    }
}
