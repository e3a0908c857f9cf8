package dev.doorbell.reconciler.control;

import java.util.UUID;

/**
 * The sled answered with a 4xx: {@code 409} an illegal transition, {@code 404} an unknown VMM,
 * {@code 400} a request it could not accept. {@code detail} is the sled's problem detail.
 */
public final class SledRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final UUID sledId;
    private final int status;
    private final String detail;

    public SledRejectedException(UUID sledId, int status, String detail) {
        super("sled " + sledId + " answered " + status + ": " + detail);
        this.sledId = sledId;
        this.status = status;
        this.detail = detail;
    }

    public UUID sledId() {
        return sledId;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
