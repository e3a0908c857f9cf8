package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeterLookupTest {

    private final AtomicLong nanos = new AtomicLong();
    private final MeterLookup cached = MeterLookup.cached(Duration.ofSeconds(1), nanos::get);

    private static double sum(MeterLookup lookup, MeterRegistry registry, String name) {
        return lookup.counters(registry, name).stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void foundCountersAreReadLiveAndANewOneIsFoundAtTheNextSearch() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter a = registry.counter("rings", "partition", "0");
        a.increment(2);
        assertThat(sum(cached, registry, "rings")).isEqualTo(2);

        a.increment();
        Counter b = registry.counter("rings", "partition", "1");
        b.increment(5);
        assertThat(sum(cached, registry, "rings")).as("the same counters, read now; the new one not searched for yet").isEqualTo(3);
        assertThat(sum(MeterLookup.SEARCH, registry, "rings")).isEqualTo(8);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(sum(cached, registry, "rings")).as("searched again after the interval").isEqualTo(8);
    }

    @Test
    void eachRegistryAndNameIsLookedUpOnItsOwn() {
        MeterRegistry first = new SimpleMeterRegistry();
        MeterRegistry second = new SimpleMeterRegistry();
        first.counter("rung").increment(4);
        second.counter("rung").increment(1);
        Timer timer = second.timer("sweep");
        timer.record(3, TimeUnit.MILLISECONDS);

        assertThat(sum(cached, first, "rung")).isEqualTo(4);
        assertThat(sum(cached, second, "rung")).as("a replaced reconciler's registry is a new one").isEqualTo(1);
        assertThat(cached.timer(second, "sweep")).isSameAs(timer);
        assertThat(cached.timer(first, "sweep")).isNull();
    }
}
