package dev.doorbell.model;

import java.util.UUID;

/**
 * Rings a body-less doorbell for one VMM: "this VMM's state may have changed, pull it".
 * Implementations (a Kafka publisher, an HTTP client of the gateway) must not block the caller:
 * they accept the ring and deliver it later, coalescing rings for the same VMM.
 */
@FunctionalInterface
public interface Doorbell {
    /** Accepts a ring for {@code vmmId}; returns promptly and never throws for delivery failures. */
    void ring(UUID vmmId);
}
