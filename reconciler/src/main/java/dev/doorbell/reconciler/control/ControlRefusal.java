package dev.doorbell.reconciler.control;

/**
 * The control plane refuses a request for what it asks, not because a sled failed (that is a
 * {@link ControlCallException}). {@link SledRegistry} and {@link InstanceLifecycle} throw these;
 * only {@link ControlApi} turns them into HTTP statuses (the ones below are what it answers).
 */
public abstract sealed class ControlRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private ControlRefusal(String message) {
        super(message);
    }

    /** The request itself is wrong: a bad address, version or name (400). */
    public static final class Invalid extends ControlRefusal {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** It names a sled, instance or VMM the control plane does not have (404). */
    public static final class NotFound extends ControlRefusal {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** It asks for a transition the current state does not allow (409). */
    public static final class Conflict extends ControlRefusal {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message);
        }
    }

    /** A write the control plane must not go on without (a Kafka publish) was not acknowledged (503). */
    public static final class Unavailable extends ControlRefusal {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    static Invalid invalid(String message) {
        return new Invalid(message);
    }

    static NotFound notFound(String message) {
        return new NotFound(message);
    }

    static Conflict conflict(String message) {
        return new Conflict(message);
    }

    static Unavailable unavailable(String message) {
        return new Unavailable(message);
    }
}
