package dev.doorbell.reconciler.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The applier's meters, named {@code doorbell.reconciler.*}. */
final class ApplierMetrics {

    private final MeterRegistry registry;
    private final Counter applied;
    private final Counter stale;
    private final Counter markedFailed;
    private final Counter retries;
    private final DistributionSummary batchSize;
    private final Timer applyLatency;

    ApplierMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.applied = Counter.builder("doorbell.reconciler.observations.applied")
                .description("VMM rows changed by an observation").register(registry);
        this.stale = Counter.builder("doorbell.reconciler.observations.stale")
                .description("Reported states that changed nothing (stale, duplicate, or collapsed)").register(registry);
        this.markedFailed = Counter.builder("doorbell.reconciler.vmms.marked.failed")
                .description("VMMs marked failed by NoSuchVmm or a sled known off/expunged").register(registry);
        this.retries = Counter.builder("doorbell.reconciler.batch.retries")
                .description("Batches retried after a transient failure (database or registry)").register(registry);
        this.batchSize = DistributionSummary.builder("doorbell.reconciler.batch.size")
                .description("Records per applied batch").register(registry);
        this.applyLatency = Timer.builder("doorbell.reconciler.apply.latency")
                .description("Database transaction time per batch").publishPercentiles(0.5, 0.99).register(registry);
    }

    void applied(ApplyResult result, int records, Duration took) {
        applied.increment(result.vmmRowsChanged());
        stale.increment(result.stale());
        markedFailed.increment(result.markedFailed());
        batchSize.record(records);
        for (Refusal refusal : result.refusals()) {
            registry.counter("doorbell.reconciler.observations.refused", "reason", refusal.reason().wireName()).increment();
        }
        applyLatency.record(took);
    }

    void skipped(String reason) {
        registry.counter("doorbell.reconciler.observations.skipped", "reason", reason).increment();
    }

    void deadLettered(String reason) {
        registry.counter("doorbell.reconciler.observations.dead.lettered", "reason", reason).increment();
    }

    void retried() {
        retries.increment();
    }

    double retries() {
        return retries.count();
    }
}
