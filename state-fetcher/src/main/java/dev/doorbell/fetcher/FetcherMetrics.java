package dev.doorbell.fetcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The fetcher's own meters (Kafka Streams' metrics are bound separately). Thread-safe. */
public final class FetcherMetrics {

    private final MeterRegistry registry;
    final Counter ringsConsumed;
    final Counter ringsCollapsed;
    final Counter fetchesStarted;
    final Counter requestsSent;
    final Counter observationsEmitted;
    final Counter deadLettered;
    final Counter gaveUp;
    final Counter observationsUnforwarded;
    final Timer fetchLatency;
    final Timer ringToEmit;
    final DistributionSummary batchSize;

    public FetcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        ringsConsumed = registry.counter("doorbell.fetcher.rings.consumed");
        ringsCollapsed = registry.counter("doorbell.fetcher.rings.collapsed");
        fetchesStarted = registry.counter("doorbell.fetcher.fetches.started");
        requestsSent = registry.counter("doorbell.fetcher.requests.sent");
        observationsEmitted = registry.counter("doorbell.fetcher.observations.emitted");
        deadLettered = registry.counter("doorbell.fetcher.dead.lettered");
        gaveUp = registry.counter("doorbell.fetcher.gave.up");
        observationsUnforwarded = registry.counter("doorbell.fetcher.observations.unforwarded");
        fetchLatency = Timer.builder("doorbell.fetcher.fetch.latency").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        ringToEmit = Timer.builder("doorbell.fetcher.ring.to.emit.latency").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        batchSize = DistributionSummary.builder("doorbell.fetcher.batch.size").register(registry);
    }

    void fetchOutcome(String outcome) {
        registry.counter("doorbell.fetcher.fetches.completed", "outcome", outcome).increment();
    }

    void fetchLatency(long nanos) {
        fetchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
