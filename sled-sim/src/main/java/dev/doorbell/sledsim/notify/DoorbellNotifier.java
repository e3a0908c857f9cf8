package dev.doorbell.sledsim.notify;

import dev.doorbell.model.Doorbell;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.sledsim.StateChangeListener;

import java.util.Objects;
import java.util.UUID;

/**
 * Rings a {@link Doorbell} on every state change (mode {@code doorbell-kafka} with a
 * {@code DoorbellPublisher}, or any other doorbell). The state itself is not passed on: the
 * doorbell carries none.
 */
public final class DoorbellNotifier implements StateChangeListener {
    private final Doorbell doorbell;

    public DoorbellNotifier(Doorbell doorbell) {
        this.doorbell = Objects.requireNonNull(doorbell, "doorbell");
    }

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        doorbell.ring(vmmId);
    }
}
