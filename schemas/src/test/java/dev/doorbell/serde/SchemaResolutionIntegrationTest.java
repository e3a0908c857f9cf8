package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Old and new releases read each other's data through the real registry: v1 bytes read as v2 and v2 bytes read
 * as v1, with the schemas registered the way governance does (the history, under FULL_TRANSITIVE), and
 * auto-registration off in the serializers.
 */
@Tag("servers")
@ExtendWith(RegistryExtension.class)
class SchemaResolutionIntegrationTest {

    private final String topic = "vmm.states." + UUID.randomUUID();
    private final String subject = TopicNameStrategy.VALUE.subject(topic);
    private final SchemaRegistryClient registry;

    SchemaResolutionIntegrationTest(RegistryServer server) {
        this.registry = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
    }

    @BeforeEach
    void governanceRegistersTheHistory() {
        registry.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        registry.register(subject, V1Observations.V1);
        registry.register(subject, V1Observations.V2);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void v1WriterIsReadByV2Reader() {
        UUID vmm = UUID.randomUUID();
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, TopicNameStrategy.VALUE, false)
                .serialize(topic, V1Observations.running(vmm));

        VmmStateObservation read = AvroDeserializer.specific(registry, VmmStateObservation.class)
                .deserialize(topic, bytes);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry.version(subject, 1).id());
        assertThat(read.getVmmId()).isEqualTo(vmm);
        assertThat(read.getObservedAt()).isEqualTo(Observations.T0);
        assertThat(read.getSource()).isEqualTo(ObservationSource.legacy_upcall_body);
        SledVmmState state = (SledVmmState) read.getOutcome();
        assertThat(state.getVmmState().getState()).isEqualTo(VmmState.running);
        assertThat(state.getVmmState().getGen()).isEqualTo(7L);
        assertThat(state.getVmmState().getFailureReason()).as("v2 field, absent in v1: its default").isNull();
    }

    @Test
    void v2WriterIsReadByV1Reader() {
        VmmStateObservation written = Observations.running();
        byte[] bytes = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false)
                .serialize(topic, written);

        GenericRecord read = AvroDeserializer.generic(registry, V1Observations.V1).deserialize(topic, bytes);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry.version(subject, 2).id());
        assertThat(read.getSchema()).isEqualTo(V1Observations.V1);
        assertThat(read.get("vmm_id")).isEqualTo(written.getVmmId());
        assertThat(read.get("first_rung_at")).isEqualTo(written.getFirstRungAt());
        GenericRecord runtime = (GenericRecord) ((GenericRecord) read.get("outcome")).get("vmm_state");
        assertThat(runtime.get("gen")).isEqualTo(42L);
        assertThat(runtime.get("state")).hasToString("running");
        assertThat(runtime.getSchema().getField("failure_reason")).as("v1 has no failure_reason").isNull();
    }

    @Test
    void unregisteredSchemaIsRefusedWhenAutoRegistrationIsOff() {
        String other = "unregistered." + UUID.randomUUID();
        assertThatThrownBy(() -> new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false)
                .serialize(other, Observations.running()))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining(other + "-value");
    }

    @Test
    void autoRegistrationRegistersTheHistorysForm() {
        String fresh = "autoregistered." + UUID.randomUUID();
        byte[] bytes = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, true)
                .serialize(fresh, Observations.running());

        assertThat(registry.latest(fresh + "-value").schema()).isEqualTo(V1Observations.V2);
        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(registry.latest(fresh + "-value").id());
    }

    @Test
    void unknownSchemaIdIsTyped() {
        byte[] bytes = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false)
                .serialize(topic, Observations.running());
        ByteBuffer.wrap(bytes).putInt(1, 987_654_321);

        assertThatThrownBy(() -> AvroDeserializer.specific(registry, VmmStateObservation.class).deserialize(topic, bytes))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("987654321");
    }
}
