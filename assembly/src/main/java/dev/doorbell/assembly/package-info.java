/**
 * The one way to assemble the pipeline: a {@link dev.doorbell.assembly.PipelineSpec} (servers,
 * topic names, which components with which settings) becomes a running
 * {@link dev.doorbell.assembly.Pipeline} that owns start order and reverse close. {@code doorbell up},
 * the bench and the chaos suite build their pipelines here; {@link dev.doorbell.assembly.Steps} and
 * {@link dev.doorbell.assembly.SledWiring} are the hooks where they differ (progress and log files,
 * per-component threads, recording doorbells and proxies).
 */
package dev.doorbell.assembly;
