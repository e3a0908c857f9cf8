package dev.doorbell.reconciler.control;

import java.util.UUID;

/** A VMM the control plane placed: its instance, the VMM and the sled it runs on. */
public record StartedVmm(UUID instanceId, UUID vmmId, UUID sledId) {
}
