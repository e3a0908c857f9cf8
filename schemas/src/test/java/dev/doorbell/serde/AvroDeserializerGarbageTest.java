package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.registry.InMemorySchemaRegistry;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gives its own typed error, each a Kafka SerializationException saying which. */
class AvroDeserializerGarbageTest {

    private static final String TOPIC = "vmm.states";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<VmmStateObservation> serializer =
            new AvroSerializer<>(registry, TopicNameStrategy.VALUE, true);
    private final AvroDeserializer<VmmStateObservation> deserializer =
            AvroDeserializer.specific(registry, VmmStateObservation.class);

    private byte[] valid() {
        return serializer.serialize(TOPIC, Observations.running());
    }

    @Test
    void validBytesStartWithMagicByteAndBigEndianId() {
        byte[] bytes = valid();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(Observations.running());
    }

    @Test
    void nullPayloadIsATombstone() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
        assertThat(serializer.serialize(TOPIC, null)).isNull();
    }

    @Test
    void emptyPayloadIsTruncated() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(TruncatedPayloadException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0 bytes, shorter than the 5-byte Confluent header");
    }

    @Test
    void shortHeaderIsTruncated() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("4 bytes");
    }

    @Test
    void wrongMagicByte() {
        byte[] bytes = valid();
        bytes[0] = 1;
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("unknown magic byte 0x01");
    }

    @Test
    void plainJsonIsNotOurFormat() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"vmm_id\":1}".getBytes()))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("0x7b");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).putInt(1, 4711);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("unknown schema id 4711");
    }

    @Test
    void truncatedBody() {
        byte[] bytes = valid();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 9);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, cut))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("ends before the record");
    }

    @Test
    void headerOnlyIsATruncatedBody() {
        byte[] header = Arrays.copyOf(valid(), ConfluentWireFormat.HEADER_LENGTH);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, header))
                .isInstanceOf(TruncatedPayloadException.class);
    }

    @Test
    void trailingBytesAreUndecodable() {
        byte[] bytes = valid();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
                .isInstanceOf(UndecodableBodyException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void corruptUnionIndexIsUndecodable() {
        byte[] bytes = valid();
        // the body starts with vmm_id: a string of 36 chars, length zig-zag encoded as one byte (72)
        assertThat(bytes[5]).isEqualTo((byte) 72);
        bytes[5] = (byte) 0x7f; // a negative length
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(AvroSerdeException.class)
                .hasMessageContaining("schema id 1");
    }

    @Test
    void nullInARequiredFieldCannotBeSerialized() {
        VmmStateObservation record = Observations.running();
        record.setVmmId(null);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, record))
                .isInstanceOf(UnserializableRecordException.class)
                .hasMessageContaining("vmm_id");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsRefused() {
        var strict = new AvroSerializer<VmmStateObservation>(new InMemorySchemaRegistry(), TopicNameStrategy.VALUE, false);
        assertThatThrownBy(() -> strict.serialize(TOPIC, Observations.running()))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining("not registered under subject vmm.states-value");
    }

    @Test
    void withoutAutoRegistrationTheSchemaGovernanceRegisteredFromTheHistoryIsLookedUp() {
        InMemorySchemaRegistry governed = new InMemorySchemaRegistry();
        int id = governed.register("vmm.states-value",
                SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE).newest().schema());
        var strict = new AvroSerializer<VmmStateObservation>(governed, TopicNameStrategy.VALUE, false);
        assertThat(ConfluentWireFormat.schemaId(strict.serialize(TOPIC, Observations.running()))).isEqualTo(id);
    }
}
