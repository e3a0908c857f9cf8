package dev.doorbell.cli.stack;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The live status line of {@code doorbell up}, read from the fetcher's and the reconciler's meters:
 * rates between two {@link Sample}s, the consumers' lag (Kafka's {@code records-lag-max}: the largest
 * partition lag of the doorbell consumer and of the observation consumer), and the p99s of the pipeline's stages over
 * the interval ({@link StatusStages}).
 */
public final class StackStatus {

    static final String RINGS = FetcherMetrics.RINGS_CONSUMED;
    static final String FETCHES = FetcherMetrics.FETCHES_STARTED;
    static final String EMITTED = FetcherMetrics.OBSERVATIONS_EMITTED;
    static final String APPLIED = ApplierMetrics.APPLIED;
    static final String RECORDS_LAG_MAX = "kafka.consumer.fetch.manager.records.lag.max";

    private final MeterRegistry fetcher;
    private final MeterRegistry reconciler;

    public StackStatus(MeterRegistry fetcher, MeterRegistry reconciler) {
        this.fetcher = fetcher;
        this.reconciler = reconciler;
    }

    /** Cumulative values at one moment. */
    public record Sample(long nanos, double rings, double fetches, double emitted, double applied, double fetcherLag,
                         double reconcilerLag, StageBuckets stages) {}

    public Sample sample() {
        return new Sample(System.nanoTime(), count(fetcher, RINGS), count(fetcher, FETCHES), count(fetcher, EMITTED),
                count(reconciler, APPLIED), lag(fetcher, "StreamThread"), lag(reconciler, ""),
                StageBuckets.of(fetcher, reconciler));
    }

    /** The status lines of {@link StatusTicker}: one per interval. */
    public StatusTicker.StatusLines lines() {
        return new StatusTicker.StatusLines() {
            private Sample previous;

            @Override
            public List<String> next() {
                Sample now = sample();
                String line = previous == null ? "" : line(previous, now);
                previous = now;
                return List.of(line);
            }
        };
    }

    /** One line describing what happened between {@code before} and {@code now}. */
    public static String line(Sample before, Sample now) {
        double seconds = Math.max(1e-3, (now.nanos() - before.nanos()) / 1e9);
        return String.format(Locale.ROOT,
                "rings/s %7.1f | fetches/s %7.1f | applied/s %7.1f | lag doorbells %s, states %s | %s",
                (now.rings() - before.rings()) / seconds, (now.fetches() - before.fetches()) / seconds,
                (now.applied() - before.applied()) / seconds, lag(now.fetcherLag()), lag(now.reconcilerLag()),
                StatusStages.p99(before.stages(), now.stages()));
    }

    private static double count(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * The largest {@code records-lag-max} of the consumers whose client id contains {@code client}
     * (the fetcher's stream threads, not its restore or global consumers); NaN before any has a position.
     */
    private static double lag(MeterRegistry registry, String client) {
        double max = Double.NaN;
        for (Meter meter : registry.find(RECORDS_LAG_MAX).meters()) {
            String id = meter.getId().getTag("client.id");
            if (meter instanceof Gauge gauge && id != null && id.contains(client) && !Double.isNaN(gauge.value())) {
                max = Double.isNaN(max) ? gauge.value() : Math.max(max, gauge.value());
            }
        }
        return max;
    }


    private static String lag(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
