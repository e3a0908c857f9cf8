package dev.doorbell.cli.demo;

import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code vmm.doorbells} and {@code vmm.states} from their current ends, without a consumer
 * group (it never moves anyone's offsets), on its own thread. Contract: everything written after
 * {@link #start} returns is seen; each decoded observation is also handed to a listener.
 */
public final class PipelineTap implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SchemaRegistryClient registry;
    private final AvroDeserializer<VmmStateObservation> deserializer;
    private final String doorbellTopic;
    private final String statesTopic;
    private final Consumer<Observed> listener;
    private final List<Ring> rings = new CopyOnWriteArrayList<>();
    private final List<Observed> observations = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "doorbell-demo-tap");
    private volatile boolean running;

    public PipelineTap(String bootstrapServers, String registryUrl, String doorbellTopic, String statesTopic,
                       Consumer<Observed> listener) {
        this.consumer = new KafkaConsumer<>(properties(bootstrapServers));
        this.registry = new SchemaRegistryClient(RegistryConfig.of(registryUrl));
        this.deserializer = AvroDeserializer.specific(registry, VmmStateObservation.class);
        this.doorbellTopic = doorbellTopic;
        this.statesTopic = statesTopic;
        this.listener = listener;
    }

    /** The tap's only consumer configuration: no group, no commits, bytes in. */
    static Map<String, Object> properties(String bootstrapServers) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "doorbell-demo-tap",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** Assigns every partition of both topics at its end (resolved now, not lazily) and starts reading. */
    public PipelineTap start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(doorbellTopic, statesTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new DemoFailure("topic " + topic + " does not exist on the broker");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(15)));
        running = true;
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public List<Ring> rings() {
        return List.copyOf(rings);
    }

    public List<Observed> observations() {
        return List.copyOf(observations);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(doorbellTopic)) {
                        ring(record);
                    } else {
                        observe(record);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void ring(ConsumerRecord<byte[], byte[]> record) {
        UUID vmm = uuid(record.key());
        String rungAt = header(record, "rung-at");
        if (vmm == null || rungAt == null) {
            return;
        }
        try {
            long micros = Long.parseLong(rungAt);
            rings.add(new Ring(vmm, Instant.ofEpochSecond(0, micros * 1_000), header(record, "source")));
        } catch (NumberFormatException e) {
            // a malformed header is the fetcher's dead-letter business, not the demo's
        }
    }

    private void observe(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        VmmStateObservation avro;
        try {
            avro = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return; // not ours to judge: the reconciler dead-letters it
        }
        if (avro.getOutcome() instanceof SledVmmState state) {
            Observed observed = new Observed(avro.getVmmId(), state.getVmmState().getState().name(), state.getVmmState().getGen(),
                    state.getVmmState().getTimeUpdated(), avro.getSource().name(), avro.getRings(), avro.getFirstRungAt(),
                    avro.getObservedAt(), Instant.ofEpochMilli(record.timestamp()));
            observations.add(observed);
            listener.accept(observed);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static UUID uuid(byte[] key) {
        try {
            return key == null ? null : UUID.fromString(new String(key, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        registry.close();
    }
}
