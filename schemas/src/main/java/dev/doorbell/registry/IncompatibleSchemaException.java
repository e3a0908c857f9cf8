package dev.doorbell.registry;

/** The registry answered 409: the schema breaks the subject's compatibility level. */
public final class IncompatibleSchemaException extends RegistryException {
    IncompatibleSchemaException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
