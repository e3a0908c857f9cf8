package dev.doorbell.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline measured in the same run as the pipeline: one plain Kafka hop (produce, acks=all,
 * linger 1 ms → consume) at the same record rate. The pipeline has two Kafka hops, a GET and
 * Streams' hand-off; dividing by this floor makes numbers from a noisy shared machine comparable.
 */
final class KafkaHopBaseline {

    private KafkaHopBaseline() {}

    static Latencies measure(String bootstrap, int rate, Duration length) throws Exception {
        String topic = "bench.baseline." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        Latencies latencies = new Latencies();
        AtomicBoolean running = new AtomicBoolean(true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            AtomicBoolean measuring = new AtomicBoolean(false);
            Thread reader = Thread.ofPlatform().name("baseline-reader").start(() -> {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long sent = ByteBuffer.wrap(r.value()).getLong();
                        if (measuring.get()) {
                            latencies.add((System.nanoTime() - sent) / 1000);
                        }
                    }
                }
            });
            // Warm up (metadata, connections, the consumer's assignment) for 2 s before measuring.
            long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < warmEnd) {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(),
                        ByteBuffer.allocate(8).putLong(System.nanoTime()).array()));
                LockSupport.parkNanos(5_000_000);
            }
            producer.flush();
            measuring.set(true);
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long done = 0;
            while (System.nanoTime() < end) {
                long owed = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (done < owed) {
                    byte[] value = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
                    producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(), value));
                    done++;
                }
                LockSupport.parkNanos(200_000);
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (latencies.count() < done * 0.99 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000);
            }
            running.set(false);
            reader.join(5_000);
        }
        return latencies;
    }
}
