package dev.doorbell.registry;

/** The registry answered 422 / 42201: the registry could not parse the schema. */
public final class InvalidSchemaException extends RegistryException {
    InvalidSchemaException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
