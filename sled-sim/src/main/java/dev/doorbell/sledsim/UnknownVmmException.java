package dev.doorbell.sledsim;

import java.util.UUID;

/** The sled does not know the VMM, or its retention period has passed (answered 404). */
public final class UnknownVmmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final UUID vmmId;

    public UnknownVmmException(UUID vmmId) {
        super("no such VMM: " + vmmId, null, false, false);
        this.vmmId = vmmId;
    }

    public UUID vmmId() {
        return vmmId;
    }
}
