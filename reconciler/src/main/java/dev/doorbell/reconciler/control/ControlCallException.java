package dev.doorbell.reconciler.control;

import java.util.Objects;
import java.util.UUID;

/**
 * Why a control call into a sled-agent failed, as omicron's {@code SledAgentInstanceError}
 * classifies it ({@code nexus/src/app/instance.rs}). {@link InstanceLifecycle} throws these after
 * it has unwound what the call had written; only {@link ControlApi} turns them into HTTP statuses
 * (the ones below are what it answers).
 */
public abstract sealed class ControlCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final UUID sledId;

    private ControlCallException(UUID sledId, String message, Throwable cause) {
        super(message, cause);
        this.sledId = Objects.requireNonNull(sledId, "sledId");
    }

    public UUID sledId() {
        return sledId;
    }

    /**
     * The sled answered {@code 404 NO_SUCH_INSTANCE}: it no longer has the VMM. The VMM has been
     * marked {@code failed} ({@code no_such_instance}) and its instance updated (503: the instance
     * is unavailable until it is started again).
     */
    public static final class VmmGone extends ControlCallException {
        private static final long serialVersionUID = 1L;
        private final UUID vmmId;

        public VmmGone(UUID sledId, UUID vmmId, String action) {
            super(sledId, "cannot " + action + ": sled " + sledId + " no longer has VMM " + vmmId
                    + "; the VMM is marked failed (no_such_instance) and the instance can be started again", null);
            this.vmmId = vmmId;
        }

        public UUID vmmId() {
            return vmmId;
        }
    }

    /** No connection to the sled (refused, reset, connect timeout) (502). */
    public static final class SledUnreachable extends ControlCallException {
        private static final long serialVersionUID = 1L;

        public SledUnreachable(UUID sledId, String message, Throwable cause) {
            super(sledId, message, cause);
        }
    }

    /** The sled did not answer within the request timeout; what it did is unknown (504). */
    public static final class SledTimedOut extends ControlCallException {
        private static final long serialVersionUID = 1L;

        public SledTimedOut(UUID sledId, String message, Throwable cause) {
            super(sledId, message, cause);
        }
    }

    /** The sled refused the transition ({@code 409}) (409). */
    public static final class SledRefused extends ControlCallException {
        private static final long serialVersionUID = 1L;

        public SledRefused(UUID sledId, String message) {
            super(sledId, message, null);
        }
    }

    /** Any other answer: a 5xx, an unreadable body, or a 4xx other than the above, e.g. a 404 that is not NO_SUCH_INSTANCE (502). */
    public static final class SledFailed extends ControlCallException {
        private static final long serialVersionUID = 1L;

        public SledFailed(UUID sledId, String message, Throwable cause) {
            super(sledId, message, cause);
        }
    }
}
