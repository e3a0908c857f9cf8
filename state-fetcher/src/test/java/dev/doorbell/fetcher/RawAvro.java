package dev.doorbell.fetcher;

import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.GeneratedClassesModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary of observations, for topology tests that run without a registry. The wire
 * format with the registry is tested in {@code schemas/} and in this module's integration tests.
 */
final class RawAvro {

    private RawAvro() {}

    static Serializer<VmmStateObservation> serializer() {
        SpecificDatumWriter<VmmStateObservation> writer = new SpecificDatumWriter<>(VmmStateObservation.getClassSchema(), GeneratedClassesModel.of(VmmStateObservation.class));
        return (topic, observation) -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(observation, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Deserializer<VmmStateObservation> deserializer() {
        SpecificDatumReader<VmmStateObservation> reader = new SpecificDatumReader<>(VmmStateObservation.getClassSchema(), VmmStateObservation.getClassSchema(), GeneratedClassesModel.of(VmmStateObservation.class));
        return (topic, bytes) -> {
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
