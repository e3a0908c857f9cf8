/**
 * Launchers for the real servers the local stack, the benchmarks and the tests run on, each its own process
 * that dies with its parent ({@link ChildProcess}, {@link ParentWatchdog}): a Kafka cluster of 1 or 3 KRaft nodes
 * ({@link LocalKafkaCluster}, {@link KafkaBroker}), Apicurio Registry ({@link ApicurioRegistry}) and PostgreSQL
 * from embedded binaries ({@link Postgres}). {@link FreePorts} picks loopback ports.
 */
package dev.doorbell.servers;
