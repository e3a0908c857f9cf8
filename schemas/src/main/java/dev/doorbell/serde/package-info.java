/**
 * A Kafka serde for Avro in the Confluent wire format ({@link ConfluentWireFormat}): {@link AvroSerializer}
 * writes records with their schema's id under the topic's subject ({@link TopicNameStrategy}),
 * {@link AvroDeserializer} reads them into a local reader schema through the registry. Every failure is an
 * {@link AvroSerdeException}, a Kafka {@code SerializationException}, whose subtype says what went wrong
 * (registry unavailable, unknown schema id, truncated payload, ...).
 */
package dev.doorbell.serde;
