package dev.doorbell.fetcher;

import dev.doorbell.fetcher.sled.SledClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.topics.PipelineTopics;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the fetcher's topology: doorbells → fetch processor (with the pending store and the two
 * global directory stores) → {@code vmm.states} or the dead-letter topic.
 *
 * <p>The pending store is cached: Kafka Streams writes a VMM's entry to RocksDB and to the
 * changelog when the task commits (or the cache evicts it), so the three changes a ring makes
 * between two commits (recorded, fetch started, answered) cost one changelog record, not three.
 * No ring is lost by that: the cache is flushed before the doorbells' offsets are committed, so a
 * crash replays every doorbell whose entry had not reached the changelog.
 */
public final class FetcherTopology {

    public static final String PENDING_STORE = "pending-fetches";
    public static final String PLACEMENTS_STORE = "placements";
    public static final String SLEDS_STORE = "sleds";
    static final String SOURCE = "doorbells";
    static final String PROCESSOR = "fetch";
    static final String STATES_SINK = "states-sink";
    static final String DLQ_SINK = "dlq-sink";

    private FetcherTopology() {}

    /**
     * @param observations serializer of {@code vmm.states} values (the registry-backed Avro serializer in production)
     * @param limiter shared by every task of this instance
     * @param versions shared by every task of this instance
     */
    public static Topology build(FetcherSettings settings, SledClient client, FetchLimiter limiter, SledVersions versions,
                                 FetcherMetrics metrics, Serializer<VmmStateObservation> observations) {
        return build(settings, client, limiter, versions, metrics, observations, new FetchWakeups());
    }

    /**
     * @param wakeups where the fetch processors publish their next wake-up; the instance's main
     *     consumers read it ({@link FetcherClientSupplier})
     */
    public static Topology build(FetcherSettings settings, SledClient client, FetchLimiter limiter, SledVersions versions,
                                 FetcherMetrics metrics, Serializer<VmmStateObservation> observations, FetchWakeups wakeups) {
        return build(settings, client, limiter, versions, metrics, observations, wakeups, AnswerApplier.NONE);
    }

    /** @param applier applies each request's answers before they are published ({@link AnswerApplier#NONE}: the reconciler does) */
    public static Topology build(FetcherSettings settings, SledClient client, FetchLimiter limiter, SledVersions versions,
                                 FetcherMetrics metrics, Serializer<VmmStateObservation> observations, FetchWakeups wakeups,
                                 AnswerApplier applier) {
        PipelineTopics topics = settings.topics();
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PLACEMENTS_STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                "placements-source", new StringDeserializer(), new StringDeserializer(), topics.placements(),
                "placements-updater", () -> new DirectoryUpdater(PLACEMENTS_STORE));
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SLEDS_STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                "sleds-source", new StringDeserializer(), new StringDeserializer(), topics.sleds(),
                "sleds-updater", () -> new DirectoryUpdater(SLEDS_STORE));

        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.doorbells());
        topology.addProcessor(PROCESSOR,
                () -> new FetchProcessor(settings, client, limiter, versions, metrics, new SplittableRandom(), wakeups, applier), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), new FetchEntrySerde(settings.pendingFormat()))
                        .withCachingEnabled(),
                PROCESSOR);
        topology.addSink(STATES_SINK, topics.states(), new StringSerializer(), observations, PROCESSOR);
        topology.addSink(DLQ_SINK, topics.doorbellsDlq(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
