package dev.doorbell.bench.latency;

import dev.doorbell.bench.stack.DeliveryMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order the modes run in at each rate: the given order rotated left by one more place per rate,
 * so with as many rates as modes every mode runs first once, and no mode is always first (whatever
 * runs first inherits the JIT and GC state the previous rate left). Deterministic, so no seed is needed.
 *
 * @param modes the modes as given, at least one
 */
public record ModeRotation(List<DeliveryMode> modes) {

    public ModeRotation {
        modes = List.copyOf(modes);
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("at least one mode");
        }
    }

    /** @return the modes in the order they run at the {@code rateIndex}-th rate (0-based) */
    public List<DeliveryMode> forRate(int rateIndex) {
        if (rateIndex < 0) {
            throw new IllegalArgumentException("rate index must not be negative: " + rateIndex);
        }
        List<DeliveryMode> order = new ArrayList<>(modes);
        Collections.rotate(order, -(rateIndex % modes.size()));
        return List.copyOf(order);
    }
}
