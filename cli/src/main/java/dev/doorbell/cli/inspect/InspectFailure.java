package dev.doorbell.cli.inspect;

/**
 * Inspection cannot even begin: the VMM is unknown to the database or the reconciler does not answer. The message is
 * one readable line; the command prints it and exits 2.
 */
public final class InspectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InspectFailure(String message) {
        super(message, null, false, false);
    }
}
