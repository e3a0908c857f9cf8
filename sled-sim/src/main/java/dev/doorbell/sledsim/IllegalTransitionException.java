package dev.doorbell.sledsim;

/** A request that the VMM's current state does not allow (answered 409). */
public final class IllegalTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(String message) {
        super(message, null, false, false);
    }
}
