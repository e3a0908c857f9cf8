package dev.doorbell.observation;

import dev.doorbell.registry.SchemaRegistry;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroSerializer;
import dev.doorbell.serde.TopicNameStrategy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link VmmStateObservation}s to {@code vmm.states}, keyed by VMM id, in the Confluent
 * wire format. Used outside the state fetcher: the gateway's legacy body mode and the
 * reconciler's control responses. Thread-safe.
 */
public final class ObservationPublisher implements AutoCloseable {

    private final Producer<String, VmmStateObservation> producer;
    private final String topic;

    /**
     * @param autoRegister register the record's schema if the subject lacks it (the local stack);
     *     off where schemas are governed
     */
    public ObservationPublisher(ObservationProducerConfig config, SchemaRegistry registry, boolean autoRegister) {
        this.producer = new KafkaProducer<>(config.producerProperties(), new StringSerializer(),
                new AvroSerializer<>(registry, TopicNameStrategy.VALUE, autoRegister));
        this.topic = config.topic();
    }

    /** Completes when the record is durably acknowledged; exceptionally if it cannot be serialized or sent. */
    public CompletionStage<Void> publish(VmmStateObservation observation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, observation.getVmmId().toString(), observation), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
