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
 * Every {@link StageHistogram} at one moment, as cumulative buckets (upper bound in seconds → count) and, where read from
 * the meters themselves, its count and sum; what a stage recorded over an interval is the growth between two of them
 * ({@link LatencyWindow#percentile}, {@link LatencyWindow#count}, {@link LatencyWindow#mean}).
 *
 * @param histograms each histogram's buckets; one missing here has none (not registered, or not scraped)
 * @param totals     each histogram's count and sum in seconds; one missing here was not read (the status lines need none)
 */
public record StageBuckets(Map<StageHistogram, NavigableMap<Double, Double>> histograms, Map<StageHistogram, LatencyWindow.Totals> totals) {

    /** No histogram at all. */
    public static final StageBuckets EMPTY = new StageBuckets(Map.of());

    public StageBuckets {
        EnumMap<StageHistogram, NavigableMap<Double, Double>> copy = new EnumMap<>(StageHistogram.class);
        histograms.forEach((h, buckets) -> copy.put(h, Collections.unmodifiableNavigableMap(new TreeMap<>(buckets))));
        histograms = Collections.unmodifiableMap(copy);
        EnumMap<StageHistogram, LatencyWindow.Totals> totalsCopy = new EnumMap<>(StageHistogram.class);
        totalsCopy.putAll(totals);
        totals = Collections.unmodifiableMap(totalsCopy);
    }

    /** Buckets only. */
    public StageBuckets(Map<StageHistogram, NavigableMap<Double, Double>> histograms) {
        this(histograms, Map.of());
    }

    /** @return the buckets and totals of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
    public static StageBuckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
        Map<StageHistogram, NavigableMap<Double, Double>> buckets = new EnumMap<>(StageHistogram.class);
        Map<StageHistogram, LatencyWindow.Totals> totals = new EnumMap<>(StageHistogram.class);
        for (StageHistogram h : StageHistogram.values()) {
            LatencyWindow.Reading reading = LatencyWindow.read(h.fetcher() ? fetcher : reconciler, h.meter());
            buckets.put(h, reading.buckets());
            totals.put(h, reading.totals());
        }
        return new StageBuckets(buckets, totals);
    }

    /** @return each histogram's buckets as {@code read} gives them */
    public static StageBuckets of(Function<StageHistogram, NavigableMap<Double, Double>> read) {
        Map<StageHistogram, NavigableMap<Double, Double>> out = new EnumMap<>(StageHistogram.class);
        for (StageHistogram h : StageHistogram.values()) {
            out.put(h, read.apply(h));
        }
        return new StageBuckets(out);
    }

    /** @return {@code histogram}'s buckets (unmodifiable; empty if it has none) */
    public NavigableMap<Double, Double> of(StageHistogram histogram) {
        return histograms.getOrDefault(histogram, Collections.emptyNavigableMap());
    }

    /** @return {@code histogram}'s count and sum ({@link LatencyWindow.Totals#NONE} if not read) */
    public LatencyWindow.Totals totalsOf(StageHistogram histogram) {
        return totals.getOrDefault(histogram, LatencyWindow.Totals.NONE);
    }
}
