package dev.doorbell.reconciler.apply;

import dev.doorbell.topics.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records of a batch that cannot be applied to the states' dead-letter topic (key and
 * value as they were, reason and origin in headers) and waits for their acknowledgement, so the
 * consumer commits their offsets only once they are safe. It remembers what it sent for the batch in
 * hand, so a batch retried after a transient failure does not dead-letter a record twice;
 * {@link #nextBatch()} forgets. Used by the consumer's thread only.
 */
final class ObservationDeadLetters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationDeadLetters.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** A dead letter could not be sent or was not acknowledged: the batch is retried. */
    static final class DeadLetterFailure extends Exception {
        DeadLetterFailure(Throwable cause) {
            super(cause);
        }
    }

    private record RecordId(String topic, int partition, long offset) {
        static RecordId of(ConsumerRecord<?, ?> r) {
            return new RecordId(r.topic(), r.partition(), r.offset());
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ApplierMetrics metrics;
    private final Set<RecordId> sent = new HashSet<>();

    ObservationDeadLetters(Producer<byte[], byte[]> producer, String topic, ApplierMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** A new batch is in hand: what was sent for the last one no longer matters. */
    void nextBatch() {
        sent.clear();
    }

    /** Dead-letters {@code rejected} (skipping those already sent for this batch) and waits for the acknowledgements. */
    void send(List<DecodedBatch.Rejection> rejected) throws DeadLetterFailure {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<DecodedBatch.Rejection> sending = new ArrayList<>();
        for (DecodedBatch.Rejection rejection : rejected) {
            ConsumerRecord<byte[], byte[]> r = rejection.record();
            if (sent.contains(RecordId.of(r))) {
                continue;
            }
            sends.add(producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(),
                    DeadLetterHeaders.of(rejection.reading().reason(), rejection.reading().detail(), r.topic(), r.partition(),
                            r.offset()))));
            sending.add(rejection);
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new DeadLetterFailure(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterFailure(e);
            }
            ConsumerRecord<byte[], byte[]> r = sending.get(i).record();
            sent.add(RecordId.of(r));
            metrics.deadLettered(sending.get(i).reading().reason());
            LOG.atWarn().setMessage("dead-lettered observation").addKeyValue("partition", r.partition())
                    .addKeyValue("offset", r.offset()).addKeyValue("reason", sending.get(i).reading().reason()).log();
        }
    }

    /** The records of the observations the applier refused, with the refusal as the dead letter's reason. */
    static List<DecodedBatch.Rejection> refused(List<Refusal> refusals, List<ConsumerRecord<byte[], byte[]>> sources) {
        List<DecodedBatch.Rejection> rejections = new ArrayList<>(refusals.size());
        for (Refusal refusal : refusals) {
            rejections.add(new DecodedBatch.Rejection(sources.get(refusal.index()),
                    new ObservationReading.Rejected(refusal.reason().wireName(), refusal.detail())));
        }
        return rejections;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
