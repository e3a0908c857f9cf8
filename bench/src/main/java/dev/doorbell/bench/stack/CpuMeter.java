package dev.doorbell.bench.stack;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the CPU time used so far by every {@link Component}:
 * <ul>
 *   <li>the server processes by {@link ProcessTreeCpu} (the process and its descendants);
 *       {@link Component#DATABASE} leaves out the backends of the bench's own connections, whose
 *       time goes to {@link Component#BENCH};</li>
 *   <li>the in-JVM components by their thread groups ({@link ThreadCpuSampler});</li>
 *   <li>{@link Component#JVM_OTHER} as the JVM process's CPU time minus every thread group's.</li>
 * </ul>
 */
final class CpuMeter implements AutoCloseable {

    private final Map<Component, Long> serverPids;
    private final Set<Long> benchBackends = ConcurrentHashMap.newKeySet();
    private final ThreadCpuSampler threads;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** @param serverPids the root process of each server component that runs on this machine */
    CpuMeter(ComponentThreads threads, Map<Component, Long> serverPids) {
        this.serverPids = Map.copyOf(serverPids);
        this.threads = new ThreadCpuSampler(threads);
    }

    /** Counts PostgreSQL backend {@code pid} (a connection of the bench's own) as bench, not database. */
    void attributeToBench(long databaseBackendPid) {
        benchBackends.add(databaseBackendPid);
    }

    CpuTimes read() {
        Map<Component, Long> out = new EnumMap<>(Component.class);
        serverPids.forEach((component, pid) -> {
            OptionalLong cpu = ProcessTreeCpu.nanos(pid, component == Component.DATABASE ? benchBackends : Set.of());
            cpu.ifPresent(v -> out.put(component, v));
        });
        long jvm = os.getProcessCpuTime();
        Map<Component, Long> groups = threads.totals();
        out.putAll(groups);
        if (serverPids.containsKey(Component.DATABASE)) {
            long backends = benchBackends.stream().mapToLong(ProcessTreeCpu::ownNanos).sum();
            out.merge(Component.BENCH, backends, Long::sum);
        }
        if (jvm >= 0) {
            out.put(Component.JVM_OTHER, jvm - groups.values().stream().mapToLong(Long::longValue).sum());
        }
        return new CpuTimes(out);
    }

    /** @return CPU time per kind of in-JVM thread, as of the last {@link #read()} */
    ThreadCpu threads() {
        return threads.byThread();
    }

    @Override
    public void close() {
        threads.close();
    }
}
