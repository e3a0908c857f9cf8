package dev.doorbell.sledsim;

import dev.doorbell.model.SledVmmState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Counts state changes ({@code sled.vmm.state.changes}) on the way to the real listener, and
 * gauges VMMs held ({@code sled.vmms}).
 */
final class SledMetrics implements StateChangeListener {
    private final StateChangeListener next;
    private final Counter changes;

    SledMetrics(MeterRegistry registry, StateChangeListener next, Supplier<Number> vmmCount) {
        this.next = next;
        this.changes = Counter.builder("sled.vmm.state.changes").register(registry);
        Gauge.builder("sled.vmms", vmmCount).register(registry);
    }

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        changes.increment();
        next.stateChanged(vmmId, state);
    }
}
