/**
 * The sled-side doorbell library. {@link DoorbellPublisher} rings body-less doorbells keyed by VMM id and never
 * blocks the caller; it coalesces rings in {@link RingCoalescer} (at most one pending ring per VMM, one send in
 * flight) and sends {@link OutgoingDoorbell}s through a {@link DoorbellSink}, in production
 * {@link KafkaDoorbellSink} configured by {@link DoorbellProducerConfig}. Header names are in
 * {@link DoorbellHeaders}; who rang is a {@link DoorbellSource}.
 */
package dev.doorbell.producer;
