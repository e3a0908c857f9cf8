/**
 * Applying {@code vmm.states} to PostgreSQL. {@link ObservationConsumer} polls the topic, reads each record
 * with {@link ObservationReader} into a {@link DecodedBatch} (dead-lettering what cannot be read) and hands
 * the batch to {@link ObservationApplier}, which in one transaction screens it ({@link ObservationScreen},
 * refusals as {@link Refusal}), reduces it to the newest generation per VMM and migration side
 * ({@link BatchPlan}), writes the rows behind generation guards ({@link GuardedWrites}) and runs the
 * instance reactions to what changed ({@link InstanceUpdates}, {@link InstanceUpdate}). Offsets are
 * committed after the database commit ({@link OffsetCommits}); after each commit, {@link CommitLatency} records the
 * change → commit and ring → commit histograms, whose percentile over a window of time {@link LatencyWindow} computes
 * for every reader (the status lines, the bench). {@link ObservationRebuild} replays the topic into an empty database.
 */
package dev.doorbell.reconciler.apply;
