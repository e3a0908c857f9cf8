package dev.doorbell.bench.stack;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of the bench JVM's threads, summed per {@link ComponentThreads} group. Sampled every
 * {@value #PERIOD_MS} ms, at every {@link #totals()} and as each {@link ComponentThreads#call} thread
 * ends: a thread's CPU time is only readable while it lives, so another thread that ends between two
 * samples loses at most one period of its CPU time to {@link Component#JVM_OTHER}. Totals only grow.
 * Also kept per kind of thread ({@link ThreadCpu}: group and name with numbers collapsed; a thread's
 * name is read when it is first seen).
 * Thread-safe.
 */
final class ThreadCpuSampler implements AutoCloseable {

    static final long PERIOD_MS = 250;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Component, ThreadGroup> groups;
    private final Map<Long, Long> lastSeen = new HashMap<>();
    private final Map<Component, Long> totals = new EnumMap<>(Component.class);
    private final Map<Long, ThreadCpu.Name> names = new HashMap<>();
    private final Map<ThreadCpu.Name, Long> byName = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final ComponentThreads threads;

    ThreadCpuSampler(ComponentThreads threads) {
        if (!mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        }
        if (!mx.isThreadCpuTimeEnabled()) {
            mx.setThreadCpuTimeEnabled(true);
        }
        this.groups = threads.groups();
        groups.keySet().forEach(c -> totals.put(c, 0L));
        this.threads = threads;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads.factory(Component.BENCH, "bench-cpu-sampler"));
        sample();
        threads.beforeCallEnds(this::sample);
        timer.scheduleAtFixedRate(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** @return CPU nanoseconds per group since this sampler started, as of now */
    synchronized Map<Component, Long> totals() {
        sample();
        return new EnumMap<>(totals);
    }

    /** @return CPU nanoseconds per kind of thread since this sampler started, as of the last sample */
    synchronized ThreadCpu byThread() {
        return new ThreadCpu(byName);
    }

    private synchronized void sample() {
        Set<Long> alive = new HashSet<>();
        for (Map.Entry<Component, ThreadGroup> e : groups.entrySet()) {
            Thread[] threads = new Thread[e.getValue().activeCount() * 2 + 16];
            int n = e.getValue().enumerate(threads, true);
            long added = 0;
            for (int i = 0; i < n; i++) {
                long id = threads[i].threadId();
                long cpu = mx.getThreadCpuTime(id);
                if (cpu < 0) {
                    continue; // ended meanwhile
                }
                Long before = lastSeen.put(id, cpu);
                long grown = cpu - (before == null ? 0 : before);
                added += grown;
                Component component = e.getKey();
                Thread thread = threads[i];
                byName.merge(names.computeIfAbsent(id, k -> new ThreadCpu.Name(component, ThreadCpu.collapse(thread.getName()))), grown,
                        Long::sum);
                alive.add(id);
            }
            totals.merge(e.getKey(), added, Long::sum);
        }
        lastSeen.keySet().retainAll(alive);
        names.keySet().retainAll(alive);
    }

    @Override
    public void close() {
        threads.beforeCallEnds(() -> { });
        timer.shutdownNow();
    }
}
