/**
 * Kafka client settings a user passes through to every Kafka client the product creates (TLS, SASL, ...):
 * {@link KafkaClientProperties} holds them, {@link KafkaClientKeys} rejects misspelt keys and
 * {@link KafkaSecrets} hides secret values when they are printed. Reading topics without a consumer
 * group: {@link TopicRange} (a bounded stretch of partitions, or following on from it) and
 * {@link TopicTail} (a whole topic followed on a thread of its own); {@link IdleFetch} is how long
 * an idle consumer waits.
 */
package dev.doorbell.kafka;
