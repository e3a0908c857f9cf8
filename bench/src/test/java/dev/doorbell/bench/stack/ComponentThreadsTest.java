package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ComponentThreadsTest {

    private final ComponentThreads threads = new ComponentThreads();

    /** Work that takes CPU time, whatever the clock says. */
    private static long spin() {
        long x = 0;
        for (int i = 0; i < 50_000_000; i++) {
            x += i * 31L ^ (x >>> 3);
        }
        return x;
    }

    @Test
    void threadsACallStartsAndThreadsTheyStartLaterStayInTheComponentsGroup() throws Exception {
        ExecutorService pool = threads.call(Component.FETCHER, () -> Executors.newFixedThreadPool(2));
        try {
            ThreadGroup[] seen = new ThreadGroup[2];
            // the pool creates its threads lazily, here from a thread of another group
            pool.submit(() -> seen[0] = Thread.currentThread().getThreadGroup()).get();
            pool.submit(() -> threads.callUnchecked(Component.SLEDS, () -> seen[1] = Thread.currentThread().getThreadGroup())).get();

            assertThat(seen[0]).isSameAs(threads.group(Component.FETCHER));
            assertThat(seen[1]).isSameAs(threads.group(Component.SLEDS));
            assertThat(threads.factory(Component.BENCH, "x").newThread(() -> { }).getThreadGroup())
                    .isSameAs(threads.group(Component.BENCH));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void cpuOfAGroupsThreadsIsCountedForThatGroupAlone() throws Exception {
        try (CpuMeter meter = new CpuMeter(threads, Map.of())) {
            CpuTimes before = meter.read();
            threads.call(Component.RECONCILER, ComponentThreadsTest::spin);
            CpuTimes used = meter.read().minus(before);

            assertThat(used.nanos().get(Component.RECONCILER)).isPositive();
            assertThat(used.nanos().get(Component.GATEWAY)).isZero();
            assertThat(used.nanos()).doesNotContainKeys(Component.BROKER, Component.DATABASE, Component.REGISTRY);
            assertThat(used.nanos().values()).allSatisfy(v -> assertThat(v).isNotNegative());
            assertThat(used.millis(Component.BROKER)).isNaN();
        }
    }

    @Test
    void aProcessListeningOnAPortIsFoundAndItsCpuRead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long self = ProcessHandle.current().pid();

            assertThat(ListeningProcess.find(socket.getLocalPort())).hasValue(self);

            long withoutSelf = ProcessTreeCpu.nanos(self, Set.of(self)).orElseThrow();
            long all = ProcessTreeCpu.nanos(self, Set.of()).orElseThrow();
            assertThat(all).isPositive().isGreaterThan(withoutSelf);
        }
        assertThat(ProcessTreeCpu.nanos(Long.MAX_VALUE - 1, Set.of())).isEmpty();
    }
}
