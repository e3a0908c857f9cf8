package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.registry.InMemorySchemaRegistry;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** A symbol this release does not know (a future v3's VmmState.paused) reads as the enum default, unknown. */
class EnumDefaultTest {

    @Test
    void unknownSymbolReadsAsUnknown() throws Exception {
        Schema v3 = SchemaHistory.load(Path.of("src/test/resources/gate-fixtures/enum-gains-symbol/vmm.states-value"))
                .newest().schema();
        GenericRecord future = resolve(V1Observations.running(UUID.randomUUID()), v3);
        GenericRecord runtime = (GenericRecord) ((GenericRecord) future.get("outcome")).get("vmm_state");
        runtime.put("state", new GenericData.EnumSymbol(runtime.getSchema().getField("state").schema(), "paused"));

        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, TopicNameStrategy.VALUE, true).serialize("t", future);
        VmmStateObservation read = AvroDeserializer.specific(registry, VmmStateObservation.class).deserialize("t", bytes);

        assertThat(((SledVmmState) read.getOutcome()).getVmmState().getState()).isEqualTo(VmmState.unknown);
    }

    @SuppressWarnings("unchecked")
    private static GenericRecord resolve(GenericRecord record, Schema to) throws Exception {
        GenericData model = LogicalTypesModel.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        ((DatumWriter<GenericRecord>) model.createDatumWriter(record.getSchema())).write(record, encoder);
        encoder.flush();
        return ((DatumReader<GenericRecord>) model.createDatumReader(record.getSchema(), to))
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
