package dev.doorbell.serde;

/** The Avro body does not decode with the writer schema its header names (corrupt, or trailing bytes after the record). */
public final class UndecodableBodyException extends AvroSerdeException {
    UndecodableBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
