package dev.doorbell.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the directory the state fetcher resolves addresses from: sled records to the compacted
 * {@code sleds} topic and VMM placements to the compacted {@code vmm.placements} topic. This is
 * the control plane's job (it registers sleds and places VMMs); the local stack and tests use this
 * class for it until a control plane does. Thread-safe.
 */
public final class DirectoryPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = Json.mapper();

    private final Producer<String, String> producer;
    private final String sledsTopic;
    private final String placementsTopic;

    /**
     * @param clientOverrides further Kafka client settings (TLS, SASL, ...), passed through as given, applied last
     */
    public DirectoryPublisher(String bootstrapServers, String sledsTopic, String placementsTopic, Map<String, String> clientOverrides) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, clientOverrides), new StringSerializer(),
                new StringSerializer());
        this.sledsTopic = sledsTopic;
        this.placementsTopic = placementsTopic;
    }

    /** The one place that builds the directory producer's configuration: idempotent, {@code acks=all}, overrides last. */
    public static Properties producerProperties(String bootstrapServers, Map<String, String> clientOverrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "doorbell-directory");
        props.putAll(clientOverrides);
        return props;
    }

    /** Registers (or re-registers) a sled's address; completes when acknowledged. */
    public CompletableFuture<Void> publishSled(SledRecord sled) {
        try {
            return send(sledsTopic, sled.sledId().toString(), JSON.writeValueAsString(sled));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records that {@code vmm} runs on {@code sled}; completes when acknowledged. */
    public CompletableFuture<Void> publishPlacement(UUID vmm, UUID sled) {
        return send(placementsTopic, vmm.toString(), sled.toString());
    }

    private CompletableFuture<Void> send(String topic, String key, String value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
