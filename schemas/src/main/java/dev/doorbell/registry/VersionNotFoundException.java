package dev.doorbell.registry;

/** The registry answered 40402: the subject has no such version. */
public final class VersionNotFoundException extends RegistryException {
    VersionNotFoundException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
