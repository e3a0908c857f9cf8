package dev.doorbell.bench.stack;

import java.time.Duration;
import java.util.Optional;

/**
 * What the stack spent between two {@link StackSnapshot}s.
 *
 * @param wall     elapsed time
 * @param cpu      CPU time per component
 * @param counters work counted by the pipeline
 * @param jvm      the bench JVM's JIT compilation and garbage collection; empty for a share of a phase, which
 *                 the JVM's work cannot be split into
 * @param profile  CPU per kind of thread and Kafka traffic per client; empty for a share of a phase
 */
public record PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters, Optional<JvmWork> jvm, Optional<PhaseProfile> profile) {

    /** A cost without a profile. */
    public PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters, Optional<JvmWork> jvm) {
        this(wall, cpu, counters, jvm, Optional.empty());
    }

    /** A cost without JVM figures or profile: a share of a phase, or a made-up one. */
    public PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters) {
        this(wall, cpu, counters, Optional.empty());
    }

    /** @return the cost between two snapshots, its Kafka clients named by {@code roles} */
    public static PhaseCost between(StackSnapshot start, StackSnapshot end, KafkaClientRoles roles) {
        return new PhaseCost(Duration.ofNanos(end.nanoTime() - start.nanoTime()), end.cpu().minus(start.cpu()),
                end.counters().minus(start.counters()), Optional.of(end.jvm().minus(start.jvm())),
                Optional.of(new PhaseProfile(end.threads().minus(start.threads()), end.kafka().minus(start.kafka()), roles,
                        end.scheduling().flatMap(e -> start.scheduling().map(e::minus)))));
    }

    /** @return {@code count / changes}, NaN without changes */
    public static double perChange(double count, long changes) {
        return changes == 0 ? Double.NaN : count / changes;
    }

    /** @return CPU milliseconds of {@code component} per change (NaN if not measured or no changes) */
    public double cpuMillisPerChange(Component component, long changes) {
        return perChange(cpu.millis(component), changes);
    }

    /** @return cores kept busy on average: all CPU time over wall time (NaN if no CPU was measured) */
    public double coresBusy() {
        return wall.isZero() || cpu.nanos().isEmpty() ? Double.NaN : cpu.totalMillis() / (wall.toNanos() / 1e6);
    }
}
