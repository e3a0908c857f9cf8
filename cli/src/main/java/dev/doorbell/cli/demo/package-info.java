/**
 * {@code doorbell demo}: the guided tour of the pipeline. {@link Demo} drives instances through their lifecycle
 * with {@link StackClient}; {@link PipelineTap} reads rings and observations without a consumer group and
 * {@link AppliedWatcher} sees when each generation reached the database; {@link Timeline} joins them into one
 * line per state change; {@link ConsistencyCheck} compares the database with the sleds at the end
 * ({@code doorbell audit}'s {@link dev.doorbell.reconciler.audit.Audit}).
 */
package dev.doorbell.cli.demo;
