/**
 * {@code doorbell bench latency}: steady churn at each rate in each delivery mode on one stack, latency from the
 * sled's {@code time_updated} to the row in the database, and CPU per change per component. Entry point
 * {@link LatencyBench}; the fair-run rules live beside it: {@link ModeRotation} (mode order rotated per rate),
 * {@link ModeWarmUp} with {@link WarmupPlan} (every mode warmed at every rate) and {@link JitSettle}
 * (the at-rest window waits for the JIT).
 */
package dev.doorbell.bench.latency;
