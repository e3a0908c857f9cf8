package dev.doorbell.bench.stack;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.reconciler.apply.ApplyAhead;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The waits on a doorbell's path that the product puts in on purpose, each buying less CPU per change with latency:
 * how long a sled's ring producer lingers, how long the fetcher gathers doorbells and answers into one round of its
 * loop while sled requests are in flight ({@link FetcherSettings#gather()}), and how long the fetcher's producer
 * lingers before sending observations; and whether the fetcher's gathered rounds catch up on the doorbells the next
 * fetch response brings ({@link FetcherSettings#catchUp()}), which takes up to a round off them; and whether the fetcher
 * applies its answers to the database itself before publishing them ({@code fetcher --apply-ahead}), which takes the
 * second Kafka hop, and the observation linger with it, off the path. The bench runs the shipped values unless told
 * otherwise, and its report says which it ran.
 *
 * @param ringLinger        the sleds' ring producers' {@code linger.ms}
 * @param gather            the fetcher's gathering interval (0..{@link FetcherSettings#MAX_GATHER})
 * @param observationLinger the fetcher's producer's {@code linger.ms}
 * @param catchUp           the fetcher's {@link FetcherSettings#catchUp()}
 * @param applyAhead        whether the fetcher applies its answers before publishing them (off as shipped), and if so how
 *                          long its first answers wait for more before their transaction
 */
public record PathWaits(Duration ringLinger, Duration gather, Duration observationLinger, boolean catchUp, Optional<Duration> applyAhead) {

    /** What the product ships: ring linger 1 ms, gathering 2 ms, observation linger 5 ms, its catch-up, no applying ahead. */
    public static final PathWaits SHIPPED = new PathWaits(Duration.ofMillis(DoorbellProducerConfig.DEFAULT_LINGER_MS),
            FetcherSettings.DEFAULT_GATHER, Duration.ofMillis(FetcherConfig.OBSERVATION_LINGER_MS), FetcherSettings.DEFAULT_CATCH_UP, Optional.empty());

    /** The fetcher producer's linger as a Kafka Streams client setting: how it is given, and how the running one is read back. */
    public static final String OBSERVATION_LINGER_KEY = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);

    public PathWaits {
        Objects.requireNonNull(ringLinger, "ringLinger");
        Objects.requireNonNull(observationLinger, "observationLinger");
        if (ringLinger.isNegative() || observationLinger.isNegative()) {
            throw new IllegalArgumentException("a linger must not be negative");
        }
        FetcherSettings.requireGather(gather); // the fetcher's own bounds, refused here rather than when the stack starts
        Objects.requireNonNull(applyAhead, "applyAhead");
        if (applyAhead.isPresent() && applyAhead.get().isNegative()) {
            throw new IllegalArgumentException("the apply linger must not be negative");
        }
    }

    /** The waits, the fetcher publishing its answers for the reconciler to apply. */
    public PathWaits(Duration ringLinger, Duration gather, Duration observationLinger, boolean catchUp) {
        this(ringLinger, gather, observationLinger, catchUp, Optional.empty());
    }

    /**
     * @return these waits with the fetcher applying ahead as a {@code fetcher --apply-ahead} ships: its apply linger, and
     *     its observation producer's linger
     */
    public PathWaits applyingAhead() {
        return new PathWaits(ringLinger, gather, Duration.ofMillis(FetcherConfig.APPLIED_OBSERVATION_LINGER_MS), catchUp,
                Optional.of(ApplyAhead.DEFAULT_LINGER));
    }

    /** @return {@code overrides} plus the fetcher producer's linger, as a Kafka Streams client setting */
    public Map<String, String> fetcherClientOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.put(OBSERVATION_LINGER_KEY, Long.toString(observationLinger.toMillis()));
        return merged;
    }

    /** @return the five (the waits in milliseconds, and the apply linger if applying ahead), as a report's settings show them */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sled_ring_linger_ms", ringLinger.toMillis());
        s.put("fetcher_gather_ms", gather.toMillis());
        s.put("fetcher_observation_linger_ms", observationLinger.toMillis());
        s.put("fetcher_catch_up", catchUp);
        s.put("fetcher_apply_ahead", applyAhead.isPresent());
        applyAhead.ifPresent(linger -> s.put("fetcher_apply_linger_ms", linger.toMillis()));
        return s;
    }
}
