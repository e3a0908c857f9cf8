package dev.doorbell.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher's threading and retry behaviour against a sink whose outcomes the test controls. */
class DoorbellPublisherTest {

    /** A sink that records sends and completes them only when the test says so. */
    static final class ControlledSink implements DoorbellSink {
        record Sent(OutgoingDoorbell doorbell, CompletableFuture<Void> outcome) {}

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(OutgoingDoorbell doorbell) {
            CompletableFuture<Void> outcome = new CompletableFuture<>();
            sent.add(new Sent(doorbell, outcome));
            return outcome;
        }

        @Override
        public void close(Duration timeout) {}
    }

    private final ControlledSink sink = new ControlledSink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UUID sled = UUID.randomUUID();
    private final DoorbellPublisher publisher = new DoorbellPublisher(
            sink,
            new PublisherConfig(Optional.of(sled), DoorbellSource.SLED, Duration.ofMillis(1), Duration.ofMillis(5)),
            meters,
            Clock.systemUTC());

    @AfterEach
    void closePublisher() {
        sink.sent.forEach(s -> s.outcome().complete(null));
        publisher.close(Duration.ofMillis(100));
    }

    @Test
    void ringsDuringAnUnacknowledgedSendCauseExactlyOneMoreSend() {
        UUID vmm = UUID.randomUUID();
        publisher.ring(vmm);
        await().until(() -> sink.sent.size() == 1);

        for (int i = 0; i < 50; i++) {
            publisher.ring(vmm);
        }
        assertThat(sink.sent).hasSize(1);

        sink.sent.get(0).outcome().complete(null);
        await().until(() -> sink.sent.size() == 2);
        OutgoingDoorbell second = sink.sent.get(1).doorbell();
        assertThat(second.rings()).isEqualTo(50);
        assertThat(second.sledId()).contains(sled);

        sink.sent.get(1).outcome().complete(null);
        await().until(() -> publisher.pendingCount() == 0);
        assertThat(sink.sent).hasSize(2);
        assertThat(meters.counter(DoorbellPublisher.RINGS).count()).isEqualTo(51);
        assertThat(meters.counter(DoorbellPublisher.COALESCED).count()).isEqualTo(49);
    }

    @Test
    void aFailedSendIsSentAgainNeverDropped() {
        UUID vmm = UUID.randomUUID();
        publisher.ring(vmm);
        await().until(() -> sink.sent.size() == 1);
        sink.sent.get(0).outcome().completeExceptionally(new TimeoutException("broker gone"));

        await().until(() -> sink.sent.size() == 2);
        assertThat(sink.sent.get(1).doorbell().vmmId()).isEqualTo(vmm);
        assertThat(sink.sent.get(1).doorbell().firstRungAtMicros()).isEqualTo(sink.sent.get(0).doorbell().firstRungAtMicros());
        sink.sent.get(1).outcome().complete(null);
        assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void closeReportsWhatItCouldNotSend() {
        UUID acked = UUID.randomUUID();
        UUID stuck = UUID.randomUUID();
        publisher.ring(acked);
        publisher.ring(stuck);
        await().until(() -> sink.sent.size() == 2);
        sink.sent.stream().filter(s -> s.doorbell().vmmId().equals(acked)).findFirst().orElseThrow().outcome().complete(null);

        CloseReport report = publisher.close(Duration.ofMillis(200));

        assertThat(report.unsent()).containsExactly(stuck);
        assertThatThrownBy(() -> publisher.ring(acked)).isInstanceOf(IllegalStateException.class);
    }
}
