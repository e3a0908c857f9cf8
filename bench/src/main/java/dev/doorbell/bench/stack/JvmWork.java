package dev.doorbell.bench.stack;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The bench JVM's JIT compilation and garbage collection, either totals at an instant or the
 * difference between two. They are part of {@link Component#JVM_OTHER}'s CPU; reported on their own
 * so a phase that paid for warm-up or collections is visible as such. Every figure is non-negative.
 *
 * @param jitMillis milliseconds the JIT compilers spent ({@link CompilationMXBean#getTotalCompilationTime()})
 * @param gcCount   collections, over every collector
 * @param gcMillis  milliseconds of collection, over every collector (accumulated elapsed time as the JVM reports it)
 */
public record JvmWork(long jitMillis, long gcCount, long gcMillis) {

    public JvmWork {
        if (jitMillis < 0 || gcCount < 0 || gcMillis < 0) {
            throw new IllegalArgumentException("JIT and GC figures must not be negative");
        }
    }

    /** @return the totals so far; a figure the JVM does not provide is 0 */
    public static JvmWork now() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? Math.max(0, jit.getTotalCompilationTime()) : 0;
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new JvmWork(jitMillis, count, millis);
    }

    /** @return this minus {@code earlier}; totals only grow, and a difference that would not is 0 */
    public JvmWork minus(JvmWork earlier) {
        return new JvmWork(Math.max(0, jitMillis - earlier.jitMillis), Math.max(0, gcCount - earlier.gcCount),
                Math.max(0, gcMillis - earlier.gcMillis));
    }
}
