package dev.doorbell.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows a whole topic from its beginning on a daemon thread of its own, without a consumer group,
 * keeping every record (and handing each to {@code onRecord}, on that thread) until {@link #close}:
 * a {@link TopicRange#following following} {@link TopicRange} over every partition, for tests and
 * tools that watch what a topic receives.
 */
public final class TopicTail<K, V> implements AutoCloseable {

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean caughtUp;

    /** Follows {@code topic}, uncommitted records included. */
    public TopicTail(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this(bootstrap, topic, "read_uncommitted", keys, values, record -> { });
    }

    /** @param isolationLevel {@code read_uncommitted} or {@code read_committed} */
    public TopicTail(String bootstrap, String topic, String isolationLevel, Deserializer<K> keys, Deserializer<V> values,
                     Consumer<ConsumerRecord<K, V>> onRecord) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), keys, values);
        TopicRange<K, V> range;
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            range = TopicRange.following(consumer, consumer.beginningOffsets(partitions, METADATA_TIMEOUT),
                    consumer.endOffsets(partitions, METADATA_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        thread = Thread.ofPlatform().daemon().name("topic-tail-" + topic).start(() -> follow(range, onRecord));
    }

    private void follow(TopicRange<K, V> range, Consumer<ConsumerRecord<K, V>> onRecord) {
        try {
            while (!closed) {
                for (ConsumerRecord<K, V> record : range.poll(POLL)) {
                    records.add(record);
                    onRecord.accept(record);
                }
                caughtUp = range.isDone();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** @return the records read so far, in the order read */
    public List<ConsumerRecord<K, V>> records() {
        return List.copyOf(records);
    }

    /** @return the records read so far whose key equals {@code key} */
    public List<ConsumerRecord<K, V>> recordsWithKey(K key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Whether everything the topic held when the tail was opened has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
