package dev.doorbell.reconciler.read;

/** A read API call that failed: the reconciler could not be reached or answered an error. The message is one readable line. */
public final class ReadApiException extends RuntimeException {

    public ReadApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
