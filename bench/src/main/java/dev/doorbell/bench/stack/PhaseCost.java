package dev.doorbell.bench.stack;

import java.time.Duration;

/**
 * What the stack spent between two {@link StackSnapshot}s.
 *
 * @param wall     elapsed time
 * @param cpu      CPU time per component
 * @param counters work counted by the pipeline
 * @param jvm      the bench JVM's JIT compilation and garbage collection ({@link JvmWork#NOT_MEASURED} if unknown)
 */
public record PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters, JvmWork jvm) {

    /** A cost without JVM figures: a share of a phase, or a made-up one. */
    public PhaseCost(Duration wall, CpuTimes cpu, PipelineCounters counters) {
        this(wall, cpu, counters, JvmWork.NOT_MEASURED);
    }

    public static PhaseCost between(StackSnapshot start, StackSnapshot end) {
        return new PhaseCost(Duration.ofNanos(end.nanoTime() - start.nanoTime()), end.cpu().minus(start.cpu()),
                end.counters().minus(start.counters()), end.jvm().minus(start.jvm()));
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
