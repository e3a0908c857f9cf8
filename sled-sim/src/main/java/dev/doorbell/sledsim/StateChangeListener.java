package dev.doorbell.sledsim;

import dev.doorbell.model.SledVmmState;

import java.util.UUID;

/**
 * Told about every observable state change of a VMM (creation included), after the change is
 * visible to readers. Called on the thread that made the change: implementations must return
 * promptly and must not call back into the sled. For one VMM, calls from different threads may
 * arrive out of order; each state carries its generations.
 */
@FunctionalInterface
public interface StateChangeListener {
    void stateChanged(UUID vmmId, SledVmmState state);

    /** A listener that ignores everything. */
    static StateChangeListener none() {
        return (vmmId, state) -> {
        };
    }
}
