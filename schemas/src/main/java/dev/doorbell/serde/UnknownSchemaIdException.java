package dev.doorbell.serde;

/** The header names a schema id the registry does not know. */
public final class UnknownSchemaIdException extends AvroSerdeException {
    UnknownSchemaIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
