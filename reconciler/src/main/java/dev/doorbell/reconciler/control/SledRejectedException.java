package dev.doorbell.reconciler.control;

import java.util.UUID;

/**
 * The sled answered with a 4xx: {@code 409} an illegal transition, {@code 404} an unknown VMM
 * (only with {@code error_code} {@value #NO_SUCH_INSTANCE}; another 404 is a wrong path or
 * version), {@code 400} a request it could not accept. {@code detail} is the sled's message
 * (dropshot's {@code message}, or a problem's {@code detail}); {@code errorCode} is dropshot's
 * {@code error_code}, null when the body has none.
 */
public final class SledRejectedException extends Exception {
    /** The dropshot {@code error_code} of a sled-agent that does not know the VMM (omicron's {@code NO_SUCH_INSTANCE}). */
    public static final String NO_SUCH_INSTANCE = "NO_SUCH_INSTANCE";
    private static final long serialVersionUID = 1L;
    private final UUID sledId;
    private final int status;
    private final String errorCode;
    private final String detail;

    public SledRejectedException(UUID sledId, int status, String errorCode, String detail) {
        super("sled " + sledId + " answered " + status + (errorCode == null ? "" : " " + errorCode) + ": " + detail);
        this.sledId = sledId;
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
    }

    public UUID sledId() {
        return sledId;
    }

    public int status() {
        return status;
    }

    /** Dropshot's {@code error_code}, or null. */
    public String errorCode() {
        return errorCode;
    }

    public String detail() {
        return detail;
    }

    /** Whether the sled says it does not know the VMM: 404 with {@code error_code} {@value #NO_SUCH_INSTANCE}. */
    public boolean noSuchInstance() {
        return status == 404 && NO_SUCH_INSTANCE.equals(errorCode);
    }
}
