package dev.doorbell.serde;

/** The record does not fit its own schema, e.g. null in a field that requires a value. */
public final class UnserializableRecordException extends AvroSerdeException {
    UnserializableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
