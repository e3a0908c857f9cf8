package dev.doorbell.fetcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The fetcher's own meters (Kafka Streams' metrics are bound separately). Thread-safe. */
public final class FetcherMetrics {

    /** Counter: doorbells read. */
    public static final String RINGS_CONSUMED = "doorbell.fetcher.rings.consumed";
    /** Counter: doorbells that joined a fetch already due or in flight. */
    public static final String RINGS_COLLAPSED = "doorbell.fetcher.rings.collapsed";
    /** Counter: VMM fetches started. */
    public static final String FETCHES_STARTED = "doorbell.fetcher.fetches.started";
    /** Counter, tag {@code outcome}: fetches completed ({@code found}, {@code not_found}, {@code failed_retryable}, ...). */
    public static final String FETCHES_COMPLETED = "doorbell.fetcher.fetches.completed";
    /** Counter: HTTP requests sent to sleds (one per batch). */
    public static final String REQUESTS_SENT = "doorbell.fetcher.requests.sent";
    /** Counter: observations forwarded to the states topic. */
    public static final String OBSERVATIONS_EMITTED = "doorbell.fetcher.observations.emitted";
    /** Counter: observations forwarded marked applied (the fetcher's {@link AnswerApplier} committed them). */
    public static final String OBSERVATIONS_APPLIED = "doorbell.fetcher.observations.applied";
    /** Counter: observations not forwarded because the schema registry was unavailable. */
    public static final String OBSERVATIONS_UNFORWARDED = "doorbell.fetcher.observations.unforwarded";
    /** Counter: doorbells dead-lettered. */
    public static final String DEAD_LETTERED = "doorbell.fetcher.dead.lettered";
    /** Counter: VMMs given up on (SledUnreachable after retrying). */
    public static final String GAVE_UP = "doorbell.fetcher.gave.up";
    /** Timer: one sled request, from its start to its answer handled on the stream thread (the answer's wait for a round included). */
    public static final String FETCH_LATENCY = "doorbell.fetcher.fetch.latency";
    /** Timer: one sled request, from its start to its answer (or failure) arriving on the HTTP client's thread. */
    public static final String SLED_REQUEST_LATENCY = "doorbell.fetcher.sled.request.latency";
    /** Timer: a VMM's first doorbell to the start of the sled request that fetches it. */
    public static final String RING_TO_START_LATENCY = "doorbell.fetcher.ring.to.start.latency";
    /** Timer: first ring to forwarded observation. */
    public static final String RING_TO_EMIT_LATENCY = "doorbell.fetcher.ring.to.emit.latency";
    /** Summary: VMMs per sled request. */
    public static final String BATCH_SIZE = "doorbell.fetcher.batch.size";

    private final MeterRegistry registry;
    final Counter ringsConsumed;
    final Counter ringsCollapsed;
    final Counter fetchesStarted;
    final Counter requestsSent;
    final Counter observationsEmitted;
    final Counter deadLettered;
    final Counter gaveUp;
    final Counter observationsUnforwarded;
    final Counter observationsApplied;
    final Timer fetchLatency;
    final Timer ringToEmit;
    final Timer sledRequest;
    final Timer ringToStart;
    final DistributionSummary batchSize;

    public FetcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        ringsConsumed = registry.counter(RINGS_CONSUMED);
        ringsCollapsed = registry.counter(RINGS_COLLAPSED);
        fetchesStarted = registry.counter(FETCHES_STARTED);
        requestsSent = registry.counter(REQUESTS_SENT);
        observationsEmitted = registry.counter(OBSERVATIONS_EMITTED);
        deadLettered = registry.counter(DEAD_LETTERED);
        gaveUp = registry.counter(GAVE_UP);
        observationsUnforwarded = registry.counter(OBSERVATIONS_UNFORWARDED);
        observationsApplied = registry.counter(OBSERVATIONS_APPLIED);
        fetchLatency = Timer.builder(FETCH_LATENCY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        ringToEmit = Timer.builder(RING_TO_EMIT_LATENCY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        sledRequest = Timer.builder(SLED_REQUEST_LATENCY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        ringToStart = Timer.builder(RING_TO_START_LATENCY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        batchSize = DistributionSummary.builder(BATCH_SIZE).register(registry);
    }

    void fetchOutcome(String outcome) {
        registry.counter(FETCHES_COMPLETED, "outcome", outcome).increment();
    }

    void fetchLatency(long nanos) {
        fetchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void sledRequest(long nanos) {
        sledRequest.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a ring's wait until its fetch started: {@code micros} since the first doorbell (clocks that went back: 0). */
    void ringToStart(long micros) {
        ringToStart.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }

    /** Records a ring's wait until its observation was emitted, as {@link #ringToStart}. */
    void ringToEmit(long micros) {
        ringToEmit.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
