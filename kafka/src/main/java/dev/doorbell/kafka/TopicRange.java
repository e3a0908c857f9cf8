package dev.doorbell.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one way Doorbell reads a bounded stretch of topic partitions without a consumer group: each
 * partition from a start offset up to a stop offset (exclusive) fixed when the range is opened, so
 * records written meanwhile are not waited for. A partition that reached its stop is paused, and
 * records at or past it are never handed out. Used by the reconciler's rebuild, {@code doorbell
 * replay} and the tests that look at what a topic holds.
 *
 * <p>Not thread-safe, like the consumer it reads with; it neither commits offsets nor closes the
 * consumer.
 */
public final class TopicRange<K, V> {

    private final Consumer<K, V> consumer;
    private final Map<TopicPartition, Long> stops;
    private final boolean follow;
    private final Set<TopicPartition> unfinished = new LinkedHashSet<>();

    private TopicRange(Consumer<K, V> consumer, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> stops, boolean follow) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.stops = Map.copyOf(stops);
        this.follow = follow;
        if (!starts.keySet().equals(stops.keySet())) {
            throw new IllegalArgumentException("starts and stops must name the same partitions: " + starts.keySet() + ", " + stops.keySet());
        }
        consumer.assign(starts.keySet());
        starts.forEach((tp, start) -> {
            consumer.seek(tp, start);
            if (start < stops.get(tp)) {
                unfinished.add(tp);
            }
        });
        if (!follow) {
            consumer.pause(starts.keySet().stream().filter(tp -> !unfinished.contains(tp)).toList());
        }
    }

    /** Every partition of {@code topic}, from its beginning to its end as of now. */
    public static <K, V> TopicRange<K, V> wholeTopic(Consumer<K, V> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        return of(consumer, consumer.beginningOffsets(partitions, timeout), consumer.endOffsets(partitions, timeout));
    }

    /** The given partitions from {@code starts} up to {@code stops} (exclusive); both must name the same partitions. */
    public static <K, V> TopicRange<K, V> of(Consumer<K, V> consumer, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> stops) {
        return new TopicRange<>(consumer, starts, stops, false);
    }

    /**
     * The given partitions from {@code starts} on, without end: {@code stops} only mark where catching
     * up ends ({@link #isDone()}); records past them are handed out too and no partition is paused.
     */
    public static <K, V> TopicRange<K, V> following(Consumer<K, V> consumer, Map<TopicPartition, Long> starts,
                                                    Map<TopicPartition, Long> stops) {
        return new TopicRange<>(consumer, starts, stops, true);
    }

    /** Everything {@code topic} holds now, as raw bytes, read with a consumer of its own. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicRange<byte[], byte[]> range = wholeTopic(consumer, topic, timeout);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (!range.isDone()) {
                records.addAll(range.poll(Duration.ofMillis(200)));
            }
            return records;
        }
    }

    /** Whether every partition reached its stop (for a following range: caught up). */
    public boolean isDone() {
        return unfinished.isEmpty();
    }

    /** The partitions that have not reached their stop yet. */
    public Set<TopicPartition> unfinished() {
        return Set.copyOf(unfinished);
    }

    /** The stop offset (exclusive) of each partition. */
    public Map<TopicPartition, Long> stops() {
        return stops;
    }

    /**
     * Polls once and returns the records before their partition's stop (all of them, following), in
     * the order polled; pauses the partitions that reached their stop (none, following).
     */
    public List<ConsumerRecord<K, V>> poll(Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        for (ConsumerRecord<K, V> record : consumer.poll(timeout)) {
            if (follow || record.offset() < stops.get(new TopicPartition(record.topic(), record.partition()))) {
                records.add(record);
            }
        }
        List<TopicPartition> reached = unfinished.stream().filter(tp -> consumer.position(tp) >= stops.get(tp)).toList();
        reached.forEach(unfinished::remove);
        if (!follow) {
            consumer.pause(reached);
        }
        return records;
    }
}
