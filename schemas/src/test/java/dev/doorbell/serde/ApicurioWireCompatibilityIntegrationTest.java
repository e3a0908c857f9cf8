package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our bytes and Apicurio's serde (an implementation we did not write) understand each other: the Confluent
 * wire format with the registry's ids, both ways, against the real registry.
 */
@Tag("servers")
@ExtendWith(RegistryExtension.class)
class ApicurioWireCompatibilityIntegrationTest {

    private final RegistryServer server;
    private final SchemaRegistryClient registry;
    private final String topic = "vmm.states." + UUID.randomUUID();

    ApicurioWireCompatibilityIntegrationTest(RegistryServer server) {
        this.server = server;
        this.registry = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
        registry.setCompatibility(topic + "-value", CompatibilityLevel.FULL_TRANSITIVE);
        registry.register(topic + "-value", V1Observations.V1);
        registry.register(topic + "-value", V1Observations.V2);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Map<String, Object> apicurioConfig() {
        return Map.of(
                "apicurio.registry.url", server.coreV3Url(),
                "apicurio.registry.headers.enabled", "false",
                "apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler",
                "apicurio.registry.use-id", "contentId");
    }

    // Apicurio's serializer looks schemas up by content with nested named types split out as references, which
    // never matches a self-contained schema registered through the Confluent API; so name the version outright
    // (the one governance registered for the record's schema: v2). Not find-latest, which would pick the newest.
    private Map<String, Object> apicurioSerializerConfig() {
        Map<String, Object> config = new HashMap<>(apicurioConfig());
        config.put("apicurio.registry.artifact.group-id", "default");
        config.put("apicurio.registry.artifact.artifact-id", topic + "-value");
        config.put("apicurio.registry.artifact.version", "2");
        return config;
    }

    @Test
    void apicurioDecodesOurBytes() throws Exception {
        VmmStateObservation sent = Observations.running();
        byte[] ours = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false)
                .serialize(topic, sent);

        GenericRecord decoded;
        try (AvroKafkaDeserializer<GenericRecord> apicurio = new AvroKafkaDeserializer<>()) {
            apicurio.configure(apicurioConfig(), false);
            decoded = apicurio.deserialize(topic, ours);
        }

        assertThat(decoded.get("vmm_id")).hasToString(sent.getVmmId().toString());
        assertThat(decoded.get("observed_at")).isEqualTo(micros(sent.getObservedAt()));
        GenericRecord runtime = (GenericRecord) ((GenericRecord) decoded.get("outcome")).get("vmm_state");
        assertThat(runtime.get("failure_reason")).hasToString("none-yet");
        assertThat(runtime.get("gen")).isEqualTo(42L);
        // what Apicurio decoded re-encodes to exactly our body: nothing lost or misread
        assertThat(encode(decoded)).isEqualTo(Arrays.copyOfRange(ours, ConfluentWireFormat.HEADER_LENGTH, ours.length));
    }

    @Test
    void weDecodeApicuriosBytes() throws Exception {
        VmmStateObservation sent = Observations.running();
        // Apicurio writes generic records with plain values (Utf8, epoch micros): hand it the same observation so
        byte[] ours = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false).serialize(topic, sent);
        GenericRecord plain = new GenericDatumReader<GenericRecord>(V1Observations.V2).read(null,
                DecoderFactory.get().binaryDecoder(ours, 5, ours.length - 5, null));
        byte[] theirs;
        try (AvroKafkaSerializer<GenericRecord> apicurio = new AvroKafkaSerializer<>()) {
            apicurio.configure(apicurioSerializerConfig(), false);
            theirs = apicurio.serialize(topic, plain);
        }

        assertThat(theirs[0]).as("magic byte").isZero();
        VmmStateObservation read = AvroDeserializer.specific(registry, VmmStateObservation.class).deserialize(topic, theirs);
        assertThat(read).isEqualTo(sent);
        assertThat(((SledVmmState) read.getOutcome()).getVmmState().getFailureReason()).isEqualTo("none-yet");
        assertThat(theirs).as("byte-identical: same id, same body").isEqualTo(ours);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static byte[] encode(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
