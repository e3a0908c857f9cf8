package dev.doorbell.producer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Where a {@link DoorbellPublisher} sends doorbells: Kafka in production, a controllable fake in unit tests. */
public interface DoorbellSink extends AutoCloseable {

    /**
     * Starts sending one doorbell. The stage completes normally once the record is durably
     * acknowledged and exceptionally if this attempt failed; it may be called from any thread.
     */
    CompletionStage<Void> send(OutgoingDoorbell doorbell);

    /** Flushes what is in flight for at most {@code timeout} and releases resources. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(5));
    }
}
