package dev.doorbell.registry;

/** No answer: the connection failed or a timeout expired. Worth retrying later. */
public final class RegistryUnreachableException extends RegistryException {
    RegistryUnreachableException(String message, Throwable cause) {
        super(message, 0, 0, cause);
    }
}
