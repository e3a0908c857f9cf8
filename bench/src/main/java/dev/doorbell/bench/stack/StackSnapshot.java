package dev.doorbell.bench.stack;

import dev.doorbell.assembly.StageBuckets;

import java.util.Optional;

/**
 * The stack's counters and CPU times at one instant.
 *
 * @param nanoTime {@link System#nanoTime()} when taken
 * @param cpu      CPU time per component so far
 * @param counters the pipeline's counters so far
 * @param jvm      the bench JVM's JIT and GC totals so far
 * @param threads  CPU time per kind of in-JVM thread so far
 * @param kafka    what the in-JVM Kafka clients have sent so far
 * @param commitLatency the reconciler's change → commit and ring → commit histograms so far
 * @param scheduling the machine's scheduling totals so far; empty where {@code /proc} lacks them
 */
public record StackSnapshot(long nanoTime, CpuTimes cpu, PipelineCounters counters, JvmWork jvm, ThreadCpu threads,
                            KafkaTraffic.Snapshot kafka, StageBuckets commitLatency, Optional<Scheduling> scheduling) {
}
