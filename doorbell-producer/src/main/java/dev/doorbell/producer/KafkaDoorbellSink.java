package dev.doorbell.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends doorbells to a Kafka topic: key = VMM id text, value = null, metadata in headers. */
public final class KafkaDoorbellSink implements DoorbellSink {

    private final Producer<String, byte[]> producer;
    private final String topic;

    public KafkaDoorbellSink(DoorbellProducerConfig config) {
        this(new KafkaProducer<>(config.producerProperties(), new StringSerializer(), new ByteArraySerializer()), config.topic());
    }

    KafkaDoorbellSink(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public CompletionStage<Void> send(OutgoingDoorbell doorbell) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DoorbellHeaders.SOURCE, bytes(doorbell.source().wireName()));
        doorbell.sledId().ifPresent(sled -> headers.add(DoorbellHeaders.SLED_ID, bytes(sled.toString())));
        headers.add(DoorbellHeaders.RUNG_AT, bytes(Long.toString(doorbell.firstRungAtMicros())));
        headers.add(DoorbellHeaders.RINGS, bytes(Integer.toString(doorbell.rings())));
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, null, doorbell.key(), null, headers), (metadata, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
