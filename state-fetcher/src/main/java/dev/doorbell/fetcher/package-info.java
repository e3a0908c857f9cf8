/**
 * The state fetcher, a Kafka Streams application. {@link StateFetcher} runs the topology that
 * {@link FetcherTopology} builds: doorbells from {@code vmm.doorbells} into {@link FetchProcessor}, which collapses
 * rings per VMM in the changelogged pending store ({@link FetchEntry}, {@link PendingEntries}) by the work-queue
 * rules of {@link FetchSchedule} and {@link FetchPolicy}, resolves each VMM's sled through {@link SledDirectory}
 * (global stores fed by {@code vmm.placements} and {@code sleds}), fetches within the bounds of
 * {@link FetchLimiter} in the version {@link SledVersions} picks, and emits observations to {@code vmm.states}
 * or dead letters. {@link FetcherConfig} is the one place that builds its Kafka Streams settings; {@link PendingQuery}
 * answers {@code GET /v1/pending/{vmm}} from the pending store by an interactive query.
 */
package dev.doorbell.fetcher;
