package dev.doorbell.registry;

/** The registry answered 40401: no such subject (or the schema is not registered under it, on lookup). */
public final class SubjectNotFoundException extends RegistryException {
    SubjectNotFoundException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
