package dev.doorbell.registry;

/** The registry answered 40403: no schema has this id (or the schema is not registered under the subject, on lookup). */
public final class SchemaNotFoundException extends RegistryException {
    SchemaNotFoundException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
