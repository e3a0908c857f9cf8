package dev.doorbell.assembly;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;

/**
 * The pipeline's latency histograms, stage by stage in the path's order: the fetcher's from a VMM's first doorbell to
 * its sled request's start, the request itself, the request's start to its answer handled, and ring → emitted (to the
 * observation handed to the producer); the reconciler's published → commit (from the observation record's timestamp),
 * the transaction that ends it (per batch), change → commit (from the sled's {@code time_updated}) and ring → commit
 * (from the first doorbell that caused the fetch). The one list the status lines of {@code doorbell up} and of a fleet,
 * and the bench's reports, read them from.
 */
public enum StageHistogram {
    RING_TO_START(true, FetcherMetrics.RING_TO_START_LATENCY, "ring_to_start"),
    SLED_REQUEST(true, FetcherMetrics.SLED_REQUEST_LATENCY, "sled_request"),
    FETCH(true, FetcherMetrics.FETCH_LATENCY, "fetch"),
    RING_TO_EMIT(true, FetcherMetrics.RING_TO_EMIT_LATENCY, "ring_to_emit"),
    PUBLISH_TO_COMMIT(false, ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY, "publish_to_commit"),
    TRANSACTION(false, ApplierMetrics.APPLY_LATENCY, "transaction"),
    CHANGE_TO_COMMIT(false, ApplierMetrics.CHANGE_TO_COMMIT_LATENCY, "change_to_commit"),
    RING_TO_COMMIT(false, ApplierMetrics.RING_TO_COMMIT_LATENCY, "ring_to_commit");

    private final boolean fetcher;
    private final String meter;
    private final String wireName;

    StageHistogram(boolean fetcher, String meter, String wireName) {
        this.fetcher = fetcher;
        this.meter = meter;
        this.wireName = wireName;
    }

    /** @return whether the fetcher records it (else the reconciler) */
    public boolean fetcher() {
        return fetcher;
    }

    /** @return its Micrometer timer's name */
    public String meter() {
        return meter;
    }

    /** @return its name in the bench's {@code results.json} */
    public String wireName() {
        return wireName;
    }

    /** @return the name of its cumulative buckets in a component's {@code /metrics} (Micrometer's Prometheus naming of a timer) */
    public String prometheusBuckets() {
        return meter.replace('.', '_') + "_seconds_bucket";
    }
}
