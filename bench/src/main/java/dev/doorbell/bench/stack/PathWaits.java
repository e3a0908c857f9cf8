package dev.doorbell.bench.stack;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.producer.DoorbellProducerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The waits on a doorbell's path that the product puts in on purpose, each buying less CPU per change with latency:
 * how long a sled's ring producer lingers, how long the fetcher gathers doorbells and answers into one round of its
 * loop while sled requests are in flight ({@link FetcherSettings#gather()}), and how long the fetcher's producer
 * lingers before sending observations; and whether the fetcher's gathered rounds catch up on the doorbells the next
 * fetch response brings ({@link FetcherSettings#catchUp()}), which takes up to a round off them. The bench runs the
 * shipped values unless told otherwise, and its report says which it ran.
 *
 * @param ringLinger        the sleds' ring producers' {@code linger.ms}
 * @param gather            the fetcher's gathering interval (0..{@link FetcherSettings#MAX_GATHER})
 * @param observationLinger the fetcher's producer's {@code linger.ms}
 * @param catchUp           the fetcher's {@link FetcherSettings#catchUp()}
 */
public record PathWaits(Duration ringLinger, Duration gather, Duration observationLinger, boolean catchUp) {

    /** What the product ships: ring linger 1 ms, gathering 2 ms, observation linger 5 ms, and its catch-up. */
    public static final PathWaits SHIPPED = new PathWaits(Duration.ofMillis(DoorbellProducerConfig.DEFAULT_LINGER_MS),
            FetcherSettings.DEFAULT_GATHER, Duration.ofMillis(FetcherConfig.OBSERVATION_LINGER_MS), FetcherSettings.DEFAULT_CATCH_UP);

    /** The fetcher producer's linger as a Kafka Streams client setting: how it is given, and how the running one is read back. */
    public static final String OBSERVATION_LINGER_KEY = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);

    public PathWaits {
        Objects.requireNonNull(ringLinger, "ringLinger");
        Objects.requireNonNull(observationLinger, "observationLinger");
        if (ringLinger.isNegative() || observationLinger.isNegative()) {
            throw new IllegalArgumentException("a linger must not be negative");
        }
        FetcherSettings.requireGather(gather); // the fetcher's own bounds, refused here rather than when the stack starts
    }

    /** @return {@code overrides} plus the fetcher producer's linger, as a Kafka Streams client setting */
    public Map<String, String> fetcherClientOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.put(OBSERVATION_LINGER_KEY, Long.toString(observationLinger.toMillis()));
        return merged;
    }

    /** @return the four (the waits in milliseconds), as a report's settings show them */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sled_ring_linger_ms", ringLinger.toMillis());
        s.put("fetcher_gather_ms", gather.toMillis());
        s.put("fetcher_observation_linger_ms", observationLinger.toMillis());
        s.put("fetcher_catch_up", catchUp);
        return s;
    }
}
