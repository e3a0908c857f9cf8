package dev.doorbell.serde;

/** The bytes end too early: shorter than the 5-byte header (empty included), or the Avro body ends before the record does. */
public final class TruncatedPayloadException extends AvroSerdeException {
    TruncatedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
