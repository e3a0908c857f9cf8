package dev.doorbell.chaos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Reads the services' own counters, which the scenarios use to see that a fault really bit. */
final class Meters {

    private Meters() {
    }

    /** The sum of every counter named {@code name}, whatever its tags; 0 if there is none. */
    static double count(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The sum of the counters named {@code name} with tag {@code key}={@code value}; 0 if there is none. */
    static double count(MeterRegistry registry, String name, String key, String value) {
        return registry.find(name).tag(key, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** How many times the timers named {@code name} recorded, whatever their tags; 0 if there is none. */
    static long timed(MeterRegistry registry, String name) {
        return registry.find(name).timers().stream().mapToLong(Timer::count).sum();
    }
}
