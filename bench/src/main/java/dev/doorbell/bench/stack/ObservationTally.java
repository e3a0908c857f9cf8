package dev.doorbell.bench.stack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts observations on {@code vmm.states} per VMM (by record key; values are not decoded), from
 * the end of the topic at creation on. In the pulling modes every observation is one fetch, so
 * this gives fetches per VMM, which the fetcher's meters only give in total. The reading thread
 * starts in the caller's thread group. Thread-safe.
 */
final class ObservationTally implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<UUID, Long> counts = new HashMap<>();
    private final Thread thread;
    private long total;
    private volatile boolean running = true;

    ObservationTally(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-observation-tally", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before anything is produced
        this.thread = Thread.ofPlatform().daemon().name("bench-observation-tally").start(this::loop);
    }

    /** Forgets every count so far. */
    synchronized void reset() {
        counts.clear();
        total = 0;
    }

    /** @return observations per VMM since the last {@link #reset()} */
    synchronized Map<UUID, Long> counts() {
        return new HashMap<>(counts);
    }

    /** @return observations since the last {@link #reset()} */
    synchronized long total() {
        return total;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() != null) {
                        add(UUID.fromString(r.key()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void add(UUID vmm) {
        counts.merge(vmm, 1L, Long::sum);
        total++;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
