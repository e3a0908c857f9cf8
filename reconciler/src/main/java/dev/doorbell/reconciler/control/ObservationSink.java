package dev.doorbell.reconciler.control;

import dev.doorbell.schemas.avro.VmmStateObservation;
import java.util.concurrent.CompletionStage;

/**
 * Where control responses go: {@code vmm.states}. In production
 * {@code dev.doorbell.observation.ObservationPublisher::publish}. The stage completes when the
 * observation is durably acknowledged.
 */
@FunctionalInterface
public interface ObservationSink {
    CompletionStage<Void> publish(VmmStateObservation observation);
}
