package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.reconciler.apply.ObservationDeadLetters.DeadLetterFailure;
import dev.doorbell.topics.DeadLetterHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The consumer's dead-letter sender, on a {@link MockProducer} (the real topic: ObservationConsumerTest). */
class ObservationDeadLettersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ObservationDeadLetters deadLetters = new ObservationDeadLetters(producer, "states.dlq", new ApplierMetrics(meters));

    @Test
    void sendsEachRejectedRecordOncePerBatchWithItsOriginAndCountsIt() throws Exception {
        DecodedBatch.Rejection garbage = rejection(7, "unreadable");

        deadLetters.send(List.of(garbage));
        deadLetters.send(List.of(garbage)); // the batch retried after a transient failure

        assertThat(producer.history()).hasSize(1);
        var sent = producer.history().getFirst();
        assertThat(sent.topic()).isEqualTo("states.dlq");
        assertThat(sent.key()).isEqualTo("vmm-7".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(sent.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("unreadable");
        assertThat(new String(sent.headers().lastHeader(DeadLetterHeaders.OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(meters.counter(ApplierMetrics.DEAD_LETTERED, "reason", "unreadable").count()).isEqualTo(1);

        deadLetters.nextBatch(); // the same offset in a new batch (sought back after a rebalance) is sent again
        deadLetters.send(List.of(garbage));
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void anUnacknowledgedDeadLetterFailsTheBatchAndIsNotCounted() throws Exception {
        MockProducer<byte[], byte[]> failing = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                return CompletableFuture.failedFuture(new TimeoutException("broker gone"));
            }
        };
        ObservationDeadLetters sender = new ObservationDeadLetters(failing, "states.dlq", new ApplierMetrics(meters));

        assertThatThrownBy(() -> sender.send(List.of(rejection(1, "unreadable")))).isInstanceOf(DeadLetterFailure.class)
                .hasRootCauseMessage("broker gone");
        assertThat(meters.find(ApplierMetrics.DEAD_LETTERED).counters()).as("not counted: not sent").isEmpty();
    }

    @Test
    void refusalsBecomeRejectionsOfTheirSourceRecords() {
        List<ConsumerRecord<byte[], byte[]>> sources = List.of(record(0), record(1), record(2));

        List<DecodedBatch.Rejection> rejections = ObservationDeadLetters.refused(
                List.of(new Refusal(2, RefusalReason.UNKNOWN_VMM, "no row for vmm-2")), sources);

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.record()).isSameAs(sources.get(2));
            assertThat(r.reading().reason()).isEqualTo("unknown-vmm");
            assertThat(r.reading().detail()).isEqualTo("no row for vmm-2");
        });
    }

    private static DecodedBatch.Rejection rejection(long offset, String reason) {
        return new DecodedBatch.Rejection(record(offset), new ObservationReading.Rejected(reason, "detail"));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("vmm.states", 0, offset, ("vmm-" + offset).getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }
}
