package dev.doorbell.serde;

/** Auto-registration is off and the record's schema is not registered under the subject. */
public final class SchemaNotRegisteredException extends AvroSerdeException {
    SchemaNotRegisteredException(String message, Throwable cause) {
        super(message, cause);
    }
}
