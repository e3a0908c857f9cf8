package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static ThreadCpu.Name name(Component c, String thread) {
        return new ThreadCpu.Name(c, thread);
    }

    @Test
    void collapsesNumbersUuidsAndHexIdsSoAPoolsThreadsAddUp() {
        assertThat(ThreadCpu.collapse("bench-fetcher-bench-1a2b3c4d-0f8e2c51-7d3a-4b8e-9c1d-2e3f4a5b6c7d-StreamThread-1"))
                .isEqualTo("bench-fetcher-bench-*-*-StreamThread-#");
        assertThat(ThreadCpu.collapse("kafka-producer-network-thread | bench-sled-ring-3")).isEqualTo(
                "kafka-producer-network-thread | bench-sled-ring-#");
        assertThat(ThreadCpu.collapse("qtp1234567-42")).isEqualTo("qtp#-#");
        assertThat(ThreadCpu.collapse("doorbell-sender")).isEqualTo("doorbell-sender");
        assertThat(ThreadCpu.collapse("deadbeef-x")).as("no digit: a word, not an id").isEqualTo("deadbeef-x");
    }

    @Test
    void differenceAndTopListMostFirstLeavingOutIdleThreads() {
        ThreadCpu before = new ThreadCpu(Map.of(name(Component.FETCHER, "a"), 5L, name(Component.SLEDS, "b"), 1L));
        ThreadCpu after = new ThreadCpu(Map.of(name(Component.FETCHER, "a"), 9L, name(Component.SLEDS, "b"), 1L,
                name(Component.GATEWAY, "c"), 7L, name(Component.RECONCILER, "d"), 3L));

        ThreadCpu used = after.minus(before);

        assertThat(used.top(2)).containsExactly(new ThreadCpu.Entry(name(Component.GATEWAY, "c"), 7),
                new ThreadCpu.Entry(name(Component.FETCHER, "a"), 4));
        assertThat(used.top(10)).extracting(e -> e.name().thread()).containsExactly("c", "a", "d");
    }

    @Test
    void theSamplerKeepsCpuPerKindOfThreadWithinItsComponent() throws Exception {
        ComponentThreads threads = new ComponentThreads();
        try (CpuMeter meter = new CpuMeter(threads, Map.of())) {
            meter.read();
            ThreadCpu before = meter.threads();
            threads.call(Component.RECONCILER, () -> {
                // samples before it ends: a thread's time is read only while it lives
                Thread worker = Thread.ofPlatform().name("spinner-17").start(() -> {
                    spin();
                    meter.read();
                });
                worker.join();
                return null;
            });
            meter.read();
            ThreadCpu used = meter.threads().minus(before);

            assertThat(used.top(1)).singleElement().satisfies(e -> {
                // the spinner, not the bench-reconciler-call thread that started it
                assertThat(e.name()).isEqualTo(name(Component.RECONCILER, "spinner-#"));
                assertThat(e.nanos()).isPositive();
            });
        }
    }

    private static void spin() {
        long x = 0;
        for (int i = 0; i < 50_000_000; i++) {
            x += i * 31L ^ (x >>> 3);
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
