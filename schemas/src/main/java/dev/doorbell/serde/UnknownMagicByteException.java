package dev.doorbell.serde;

/** The first byte is not the Confluent wire format's magic byte 0: not our format, or not Avro at all. */
public final class UnknownMagicByteException extends AvroSerdeException {
    UnknownMagicByteException(String message, Throwable cause) {
        super(message, cause);
    }
}
