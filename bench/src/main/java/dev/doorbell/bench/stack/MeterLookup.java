package dev.doorbell.bench.stack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How the bench finds a pipeline's meters by name. A Micrometer search walks every meter of the registry; {@link #SEARCH}
 * does that each time, {@link #cached} at most once per interval per registry and name (a meter registered since is
 * found at the next search). The sweep watch samples every 20 ms: searching each time cost the bench 25 CPU ms/s at
 * 100,000 VMMs, a fortieth of the machine, in every mode.
 */
interface MeterLookup {

    /** @return the counters named {@code name} */
    Collection<Counter> counters(MeterRegistry registry, String name);

    /** @return the timer named {@code name}, or null if there is none */
    Timer timer(MeterRegistry registry, String name);

    /** A fresh search every time. */
    MeterLookup SEARCH = new MeterLookup() {
        @Override
        public Collection<Counter> counters(MeterRegistry registry, String name) {
            return registry.find(name).counters();
        }

        @Override
        public Timer timer(MeterRegistry registry, String name) {
            return registry.find(name).timer();
        }
    };

    /** @return a lookup that searches each registry for each name at most once per {@code refresh} of {@code nanoTime} */
    static MeterLookup cached(Duration refresh, LongSupplier nanoTime) {
        return new Cached(refresh.toNanos(), nanoTime);
    }

    /** The cache of {@link #cached}: thread-safe. */
    final class Cached implements MeterLookup {
        private record Found(List<Counter> counters, Timer timer, long atNanos) {}

        private final long refreshNanos;
        private final LongSupplier nanoTime;
        private final Map<MeterRegistry, Map<String, Found>> found = Collections.synchronizedMap(new IdentityHashMap<>());

        private Cached(long refreshNanos, LongSupplier nanoTime) {
            this.refreshNanos = refreshNanos;
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        }

        @Override
        public Collection<Counter> counters(MeterRegistry registry, String name) {
            return lookUp(registry, name).counters();
        }

        @Override
        public Timer timer(MeterRegistry registry, String name) {
            return lookUp(registry, name).timer();
        }

        private Found lookUp(MeterRegistry registry, String name) {
            Map<String, Found> byName = found.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
            long now = nanoTime.getAsLong();
            return byName.compute(name, (n, old) -> old != null && now - old.atNanos() < refreshNanos ? old : search(registry, n, now));
        }

        private static Found search(MeterRegistry registry, String name, long now) {
            Search search = registry.find(name);
            return new Found(List.copyOf(search.counters()), search.timer(), now);
        }
    }
}
