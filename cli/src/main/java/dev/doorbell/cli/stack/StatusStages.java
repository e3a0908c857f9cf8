package dev.doorbell.cli.stack;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.reconciler.apply.LatencyWindow;
import java.util.Locale;

/**
 * The stage p99s every status line prints (of {@code doorbell up} and of a fleet): ring → observation emitted (the
 * fetcher's {@link StageHistogram#RING_TO_EMIT}), published → commit ({@link StageHistogram#PUBLISH_TO_COMMIT}: from the
 * observation's record timestamp) and ring → database commit ({@link StageHistogram#RING_TO_COMMIT}), each over an
 * interval: {@link LatencyWindow#percentile} of the buckets' growth; values above the last bucket, 60 s, are left out.
 */
public final class StatusStages {

    private StatusStages() {}

    /** @return {@code p99 ring→emitted 12 ms, published→commit 9 ms, ring→commit 25 ms} over the interval from {@code before} to {@code now} */
    public static String p99(StageBuckets before, StageBuckets now) {
        return "p99 ring→emitted " + p99(before, now, StageHistogram.RING_TO_EMIT) + ", published→commit "
                + p99(before, now, StageHistogram.PUBLISH_TO_COMMIT) + ", ring→commit " + p99(before, now, StageHistogram.RING_TO_COMMIT);
    }

    private static String p99(StageBuckets before, StageBuckets now, StageHistogram histogram) {
        double millis = LatencyWindow.percentile(before.of(histogram), now.of(histogram), 0.99) * 1000;
        return Double.isNaN(millis) || Double.isInfinite(millis) ? "- ms" : String.format(Locale.ROOT, "%.0f ms", millis);
    }
}
