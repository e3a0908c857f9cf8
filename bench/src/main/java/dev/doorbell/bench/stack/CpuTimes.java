package dev.doorbell.bench.stack;

import java.util.EnumMap;
import java.util.Map;

/**
 * CPU nanoseconds per {@link Component}, either totals at an instant or the difference between
 * two; a component that could not be measured (a server on another machine) is absent.
 */
public record CpuTimes(Map<Component, Long> nanos) {

    public CpuTimes {
        nanos = nanos.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(nanos));
    }

    /**
     * @return this minus {@code earlier}, per component measured in both. Negative differences (the
     *     remainder {@link Component#JVM_OTHER} when thread samples ran ahead of the process figure) become 0.
     */
    public CpuTimes minus(CpuTimes earlier) {
        Map<Component, Long> out = new EnumMap<>(Component.class);
        nanos.forEach((c, v) -> {
            Long before = earlier.nanos.get(c);
            if (before != null) {
                out.put(c, Math.max(0, v - before));
            }
        });
        return new CpuTimes(out);
    }

    /** @return the component's CPU in milliseconds, NaN if it was not measured */
    public double millis(Component component) {
        Long v = nanos.get(component);
        return v == null ? Double.NaN : v / 1e6;
    }

    /** @return the sum over every measured component, in milliseconds */
    public double totalMillis() {
        return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e6;
    }
}
