package dev.doorbell.reconciler.control;

import java.util.UUID;

/** The sled did not answer usefully: connection refused, timed out, a 5xx, or an unreadable body. */
public final class SledUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final UUID sledId;

    public SledUnavailableException(UUID sledId, String reason, Throwable cause) {
        super(reason, cause);
        this.sledId = sledId;
    }

    public UUID sledId() {
        return sledId;
    }
}
