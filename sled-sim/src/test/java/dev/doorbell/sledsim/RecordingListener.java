package dev.doorbell.sledsim;

import dev.doorbell.model.SledVmmState;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notification. */
final class RecordingListener implements StateChangeListener {
    record Change(UUID vmmId, SledVmmState state) {
    }

    final List<Change> changes = new CopyOnWriteArrayList<>();

    @Override
    public void stateChanged(UUID vmmId, SledVmmState state) {
        changes.add(new Change(vmmId, state));
    }

    List<SledVmmState> of(UUID vmmId) {
        return changes.stream().filter(c -> c.vmmId().equals(vmmId)).map(Change::state).toList();
    }
}
