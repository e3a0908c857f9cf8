package dev.doorbell.reconciler.apply;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A percentile over a window of time from a latency histogram such as {@link ApplierMetrics#CHANGE_TO_COMMIT_LATENCY}:
 * two snapshots of its cumulative buckets (upper bound in seconds → count of values at most that bound), one at each end
 * of the window, and the percentile of what was recorded between them ({@link #percentile}). The one place where the
 * status lines of {@code doorbell up} and of a fleet and the bench's phase figures compute it. A figure is a bucket's
 * upper bound, not a measured value: it says "at most this".
 */
public final class LatencyWindow {

    private LatencyWindow() {}

    /**
     * The percentile of the values recorded between two cumulative histograms (upper bound → count): the upper
     * bound of the first bucket whose count reaches the rank. NaN if nothing was recorded. A process that restarted
     * counts from zero again: a bucket that shrank counts as empty.
     *
     * @param percentile 0..1, e.g. 0.99
     */
    public static double percentile(NavigableMap<Double, Double> before, NavigableMap<Double, Double> now, double percentile) {
        long total = count(before, now);
        if (total == 0) {
            return Double.NaN;
        }
        double rank = Math.ceil(total * percentile);
        for (Map.Entry<Double, Double> bucket : now.entrySet()) {
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= rank) {
                return bucket.getKey();
            }
        }
        return now.lastKey();
    }

    /**
     * How many values were recorded between two cumulative histograms: the growth of the largest bucket (0 if it
     * shrank: a restart).
     */
    public static long count(NavigableMap<Double, Double> before, NavigableMap<Double, Double> now) {
        if (now.isEmpty()) {
            return 0;
        }
        return Math.round(Math.max(0, now.lastEntry().getValue() - before.getOrDefault(now.lastKey(), 0.0)));
    }

    /**
     * A histogram's cumulative buckets and {@link Totals}, read together.
     *
     * @param buckets upper bound (in seconds for a {@link Timer}) → count of values at most that bound, unmodifiable;
     *                empty when there is no such meter or it publishes no histogram. Micrometer lists no {@code +Inf}
     *                bucket, so values above the largest bound are left out of a window's percentile
     * @param totals  values recorded and their sum
     */
    public record Reading(NavigableMap<Double, Double> buckets, Totals totals) {}

    /**
     * The buckets and totals of every {@link Timer} (or {@link DistributionSummary}) named {@code name} in
     * {@code registry}, summed over their tags, each meter read once (one snapshot gives its buckets, count and sum
     * together).
     *
     * <p>The buckets must count from the meter's start, as a Prometheus registry's do (the reconciler's and the
     * fetcher's): other registries' histograms (a {@code SimpleMeterRegistry}'s) forget values after their
     * distribution expiry (two minutes by default), which a window longer than that would read as a restart.
     */
    public static Reading read(MeterRegistry registry, String name) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        long count = 0;
        double sum = 0;
        for (Meter meter : registry.find(name).meters()) {
            boolean timed = meter instanceof Timer;
            HistogramSnapshot snapshot = switch (meter) {
                case Timer timer -> timer.takeSnapshot();
                case DistributionSummary summary -> summary.takeSnapshot();
                default -> null;
            };
            if (snapshot == null) {
                continue;
            }
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(timed ? bucket.bucket(TimeUnit.SECONDS) : bucket.bucket(), bucket.count(), Double::sum);
            }
            count += snapshot.count();
            sum += timed ? snapshot.total(TimeUnit.SECONDS) : snapshot.total();
        }
        return new Reading(Collections.unmodifiableNavigableMap(buckets), new Totals(count, sum));
    }

    /**
     * How many values a histogram recorded since its meter's start and their sum, in seconds for a {@link Timer} (in its
     * own unit for a {@link DistributionSummary}); what a window recorded is the growth between two of them
     * ({@link #mean}). Unlike the buckets, these count every value, the ones above the largest bound too.
     *
     * @param count values recorded
     * @param sum   their sum
     */
    public record Totals(long count, double sum) {

        /** Nothing recorded. */
        public static final Totals NONE = new Totals(0, 0);
    }

    /** The mean of the values recorded between two {@link Totals}; NaN if none were (or the meter restarted in between). */
    public static double mean(Totals before, Totals now) {
        long count = now.count() - before.count();
        return count > 0 ? (now.sum() - before.sum()) / count : Double.NaN;
    }
}
