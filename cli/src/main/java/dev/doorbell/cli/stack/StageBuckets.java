package dev.doorbell.cli.stack;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.apply.LatencyWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * The pipeline's stage histograms at one moment, as cumulative buckets (upper bound in seconds → count), and their p99s
 * over an interval as every status line prints them: ring → observation emitted (the fetcher's
 * {@link FetcherMetrics#RING_TO_EMIT_LATENCY}), published → commit (the reconciler's
 * {@link ApplierMetrics#PUBLISH_TO_COMMIT_LATENCY}: from the observation's record timestamp) and ring → database commit
 * ({@link ApplierMetrics#RING_TO_COMMIT_LATENCY}). A p99 is {@link LatencyWindow#percentile} of the buckets' growth;
 * values above the last bucket, 60 s, are left out.
 *
 * @param ringToEmit      ring → emitted, summed over fetchers
 * @param publishToCommit published → commit, summed over reconcilers
 * @param ringToCommit    ring → commit, summed over reconcilers
 */
public record StageBuckets(NavigableMap<Double, Double> ringToEmit, NavigableMap<Double, Double> publishToCommit,
                           NavigableMap<Double, Double> ringToCommit) {

    public StageBuckets {
        Objects.requireNonNull(ringToEmit, "ringToEmit");
        Objects.requireNonNull(publishToCommit, "publishToCommit");
        Objects.requireNonNull(ringToCommit, "ringToCommit");
    }

    /** @return the histograms of the fetcher whose meters are {@code fetcher} and the reconciler whose meters are {@code reconciler} */
    public static StageBuckets of(MeterRegistry fetcher, MeterRegistry reconciler) {
        return new StageBuckets(LatencyWindow.snapshot(fetcher, FetcherMetrics.RING_TO_EMIT_LATENCY),
                LatencyWindow.snapshot(reconciler, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY),
                LatencyWindow.snapshot(reconciler, ApplierMetrics.RING_TO_COMMIT_LATENCY));
    }

    /** @return {@code p99 ring→emitted 12 ms, published→commit 9 ms, ring→commit 25 ms} over the interval since {@code before} */
    public String p99Since(StageBuckets before) {
        return "p99 ring→emitted " + p99(before.ringToEmit, ringToEmit) + ", published→commit " + p99(before.publishToCommit, publishToCommit)
                + ", ring→commit " + p99(before.ringToCommit, ringToCommit);
    }

    private static String p99(NavigableMap<Double, Double> start, NavigableMap<Double, Double> end) {
        double millis = LatencyWindow.percentile(start, end, 0.99) * 1000;
        return Double.isNaN(millis) || Double.isInfinite(millis) ? "- ms" : String.format(Locale.ROOT, "%.0f ms", millis);
    }
}
