package dev.doorbell.sledsim;

import dev.doorbell.model.SledVmmState;

import java.util.Objects;
import java.util.UUID;

/**
 * Forwards every state change to the current listener, which an in-place update of the sled-agent
 * replaces while the sled keeps changing. A change sees either the old or the new listener.
 */
final class SwitchableListener implements StateChangeListener {
    private volatile StateChangeListener current;

    SwitchableListener(StateChangeListener initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** @return the listener replaced */
    StateChangeListener switchTo(StateChangeListener next) {
        StateChangeListener previous = current;
        current = Objects.requireNonNull(next, "next");
        return previous;
    }

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        current.stateChanged(vmmId, state);
    }
}
