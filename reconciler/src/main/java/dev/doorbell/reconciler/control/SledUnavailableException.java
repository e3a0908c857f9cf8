package dev.doorbell.reconciler.control;

import java.util.Objects;
import java.util.UUID;

/** The sled did not answer usefully; {@link #kind()} says how. */
public final class SledUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How a sled failed to answer. */
    public enum Kind {
        /** No connection: refused, reset, unknown host, or the connect timed out. */
        UNREACHABLE,
        /** Connected, but no answer within the request timeout. */
        TIMED_OUT,
        /** A 5xx, or an answer that could not be read. */
        FAILED
    }

    private final UUID sledId;
    private final Kind kind;

    public SledUnavailableException(UUID sledId, Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.sledId = sledId;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public UUID sledId() {
        return sledId;
    }

    public Kind kind() {
        return kind;
    }
}
