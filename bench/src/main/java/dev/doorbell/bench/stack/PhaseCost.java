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
 */
public record PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters, Optional<JvmWork> jvm) {

    /** A cost without JVM figures: a share of a phase, or a made-up one. */
    public PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters) {
        this(wall, cpu, counters, Optional.empty());
    }

    public static PhaseCost between(StackSnapshot start, StackSnapshot end) {
        return new PhaseCost(Duration.ofNanos(end.nanoTime() - start.nanoTime()), end.cpu().minus(start.cpu()),
                end.counters().minus(start.counters()), Optional.of(end.jvm().minus(start.jvm())));
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
