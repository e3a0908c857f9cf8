package dev.doorbell.reconciler.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The applier's meters, named {@code doorbell.reconciler.*}. */
public final class ApplierMetrics {

    /** Counter: observations applied. */
    public static final String APPLIED = "doorbell.reconciler.observations.applied";
    /** Counter: reported states that changed nothing (stale, duplicate, reduced away). */
    public static final String STALE = "doorbell.reconciler.observations.stale";
    /** Counter: VMMs marked failed (no_such_instance, sled_off, sled_expunged). */
    public static final String MARKED_FAILED = "doorbell.reconciler.vmms.marked.failed";
    /** Counter: batches retried after a transient failure. */
    public static final String BATCH_RETRIES = "doorbell.reconciler.batch.retries";
    /** Summary: records per applied batch. */
    public static final String BATCH_SIZE = "doorbell.reconciler.batch.size";
    /** Timer (histogram): one batch's transaction, from taking the connection to its commit. */
    public static final String APPLY_LATENCY = "doorbell.reconciler.apply.latency";
    /** Timer (histogram, exemplars name the VMM): the sled's time_updated of an applied state → its database commit. */
    public static final String CHANGE_TO_COMMIT_LATENCY = "doorbell.reconciler.change.to.commit.latency";
    /** Timer (histogram, exemplars name the VMM): the first doorbell of an applied state → its database commit. */
    public static final String RING_TO_COMMIT_LATENCY = "doorbell.reconciler.ring.to.commit.latency";
    /**
     * Timer (histogram, exemplars name the VMM): an applied state's record timestamp, when its producer handed it over
     * (the fetcher's emit, the gateway's send) → its database commit: the path after {@code vmm.states}'s producer alone.
     */
    public static final String PUBLISH_TO_COMMIT_LATENCY = "doorbell.reconciler.publish.to.commit.latency";
    /** Counter, tag {@code reason}: observations the applier refused whole. */
    public static final String REFUSED = "doorbell.reconciler.observations.refused";
    /** Counter, tag {@code reason}: records skipped (see ObservationReading). */
    public static final String SKIPPED = "doorbell.reconciler.observations.skipped";
    /** Counter, tag {@code reason}: records dead-lettered. */
    public static final String DEAD_LETTERED = "doorbell.reconciler.observations.dead.lettered";

    private final MeterRegistry registry;
    private final Counter applied;
    private final Counter stale;
    private final Counter markedFailed;
    private final Counter retries;
    private final DistributionSummary batchSize;
    private final Timer applyLatency;

    ApplierMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.applied = Counter.builder(APPLIED)
                .description("VMM rows changed by an observation").register(registry);
        this.stale = Counter.builder(STALE)
                .description("Reported states that changed nothing (stale, duplicate, or collapsed)").register(registry);
        this.markedFailed = Counter.builder(MARKED_FAILED)
                .description("VMMs marked failed by NoSuchVmm or a sled known off/expunged").register(registry);
        this.retries = Counter.builder(BATCH_RETRIES)
                .description("Batches retried after a transient failure (database or registry)").register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Records per applied batch").register(registry);
        this.applyLatency = Timer.builder(APPLY_LATENCY)
                .description("Database transaction time per batch").publishPercentileHistogram()
                .maximumExpectedValue(CommitLatency.MAX_EXPECTED).register(registry);
    }

    void applied(ApplyResult result, int records, Duration took) {
        appliedAhead(result, records, took);
        for (Refusal refusal : result.refusals()) {
            registry.counter(REFUSED, "reason", refusal.reason().wireName()).increment();
        }
    }

    /** A batch applied before publishing ({@link ApplyAhead}): its refusals are counted by the reconciler that reads them later. */
    void appliedAhead(ApplyResult result, int records, Duration took) {
        applied.increment(result.vmmRowsChanged());
        stale.increment(result.stale());
        markedFailed.increment(result.markedFailed());
        batchSize.record(records);
        applyLatency.record(took);
    }

    void skipped(String reason) {
        registry.counter(SKIPPED, "reason", reason).increment();
    }

    void deadLettered(String reason) {
        registry.counter(DEAD_LETTERED, "reason", reason).increment();
    }

    void retried() {
        retries.increment();
    }

    double retries() {
        return retries.count();
    }
}
