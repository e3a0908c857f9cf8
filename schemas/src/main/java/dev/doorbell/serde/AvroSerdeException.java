package dev.doorbell.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Why a record could not be (de)serialized. Every subtype is a Kafka {@link SerializationException}, so
 * Kafka's own handling (a consumer's {@code RecordDeserializationException}, a Streams deserialization handler)
 * applies; {@link RegistryUnavailableException} alone is transient, every other subtype means the bytes or the
 * record are bad and retrying will not help.
 */
public abstract sealed class AvroSerdeException extends SerializationException
        permits UnknownMagicByteException, TruncatedPayloadException, UnknownSchemaIdException,
        UndecodableBodyException, UnserializableRecordException, SchemaNotRegisteredException,
        RegistryUnavailableException, RegistryRejectedException {

    AvroSerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
