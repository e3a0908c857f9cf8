package dev.doorbell.testkit.kafka;

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
 * Reads a whole topic from the beginning on a daemon thread, without a consumer group, for
 * assertions: every record is kept (and handed to {@code onRecord}, on the reader's thread) until
 * {@link #close}.
 */
public final class TopicReader<K, V> implements AutoCloseable {
    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Reads uncommitted records too, handing each to nothing but {@link #records}. */
    public TopicReader(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this(bootstrap, topic, "read_uncommitted", keys, values, record -> { });
    }

    /** @param isolationLevel {@code read_uncommitted} or {@code read_committed} */
    public TopicReader(String bootstrap, String topic, String isolationLevel, Deserializer<K> keys, Deserializer<V> values,
                       Consumer<ConsumerRecord<K, V>> onRecord) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), keys, values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().daemon().name("test-reader-" + topic).start(() -> {
            try {
                while (!closed) {
                    for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) {
                        records.add(record);
                        onRecord.accept(record);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        });
    }

    /** @return the records read so far, in the order read */
    public List<ConsumerRecord<K, V>> records() {
        return List.copyOf(records);
    }

    /** @return the records read so far whose key equals {@code key} */
    public List<ConsumerRecord<K, V>> recordsWithKey(K key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
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
