/**
 * The state fetcher's own benchmark, run with {@code exec:exec} rather than {@code doorbell bench}:
 * {@link FetcherBench} measures the publisher's ring rate and the ring-to-observation latency on real servers,
 * against a plain Kafka produce-consume hop measured in the same run ({@link KafkaHopBaseline}).
 * {@link Latencies} collects latencies and their percentiles for every benchmark of the module.
 */
package dev.doorbell.bench;
