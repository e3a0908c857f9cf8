/**
 * Kafka helpers for assertions: {@link TopicReader} reads a whole topic from the beginning without a consumer
 * group.
 */
package dev.doorbell.testkit.kafka;
