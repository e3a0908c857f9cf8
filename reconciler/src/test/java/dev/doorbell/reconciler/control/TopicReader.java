package dev.doorbell.reconciler.control;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic from the beginning on a daemon thread, without a consumer group, for assertions. */
public final class TopicReader<K, V> implements AutoCloseable {
    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public TopicReader(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
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
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        });
    }

    public List<ConsumerRecord<K, V>> records() {
        return List.copyOf(records);
    }

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
