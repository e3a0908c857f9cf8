/**
 * Publishing observations outside the state fetcher: {@link ObservationPublisher} writes
 * {@code VmmStateObservation}s to {@code vmm.states} (the gateway's legacy body mode and the reconciler's control
 * responses), with the producer settings of {@link ObservationProducerConfig}; {@link ObservationMapping}
 * converts between the JSON model and the Avro records.
 */
package dev.doorbell.observation;
