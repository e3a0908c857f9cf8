package dev.doorbell.reconciler.control;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of the control API.
 *
 * @param sledConnectTimeout connecting to a sled-agent
 * @param sledRequestTimeout one sled-agent call, connect included
 * @param publishTimeout     waiting for Kafka to acknowledge a directory record or a control response
 */
public record ControlSettings(Duration sledConnectTimeout, Duration sledRequestTimeout, Duration publishTimeout) {

    public ControlSettings {
        requirePositive(sledConnectTimeout, "sledConnectTimeout");
        requirePositive(sledRequestTimeout, "sledRequestTimeout");
        requirePositive(publishTimeout, "publishTimeout");
    }

    /** 2 s to connect, 5 s per sled call, 10 s for Kafka acknowledgements. */
    public static ControlSettings defaults() {
        return new ControlSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
