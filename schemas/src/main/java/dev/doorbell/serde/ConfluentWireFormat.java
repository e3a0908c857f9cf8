package dev.doorbell.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte {@code 0}, the writer schema's id as a 4-byte big-endian int, then the
 * Avro binary encoding of the record.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** Header followed by {@code avroBody}. */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE).putInt(schemaId).put(avroBody).array();
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws TruncatedPayloadException if {@code data} is shorter than the header
     * @throws UnknownMagicByteException if the first byte is not {@link #MAGIC_BYTE}
     */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_LENGTH) {
            throw new TruncatedPayloadException("truncated payload: " + data.length
                    + " bytes, shorter than the 5-byte Confluent header (magic byte 0 + 4-byte schema id)", null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException(String.format(
                    "unknown magic byte 0x%02x: expected 0x00 (Confluent wire format)", data[0] & 0xff), null);
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
