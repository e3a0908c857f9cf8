/**
 * Kafka client settings a user passes through to every Kafka client the product creates (TLS, SASL, ...):
 * {@link KafkaClientProperties} holds them, {@link KafkaClientKeys} rejects misspelt keys and
 * {@link KafkaSecrets} hides secret values when they are printed.
 */
package dev.doorbell.kafka;
