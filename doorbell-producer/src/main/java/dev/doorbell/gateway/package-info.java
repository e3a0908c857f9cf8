/**
 * The doorbell gateway ({@link DoorbellGateway}): HTTP doorbells for sleds that cannot run a Kafka client, rung
 * on through a {@code DoorbellPublisher}, and the legacy state-bearing upcall {@code PUT /v1/vmms/{id}} in the
 * {@link UpcallMode} of each release (R19 publishes the body through {@link KafkaUpcallBodySink}, R20 validates
 * and rings, R21 answers 410).
 */
package dev.doorbell.gateway;
