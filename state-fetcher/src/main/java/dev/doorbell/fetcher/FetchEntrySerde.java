package dev.doorbell.fetcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde of {@link FetchEntry} for the pending store and its changelog: readable when replayed. */
final class FetchEntrySerde implements Serde<FetchEntry> {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Override
    public Serializer<FetchEntry> serializer() {
        return (topic, entry) -> {
            if (entry == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(entry);
            } catch (IOException e) {
                throw new SerializationException("cannot write fetch entry", e);
            }
        };
    }

    @Override
    public Deserializer<FetchEntry> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, FetchEntry.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read fetch entry", e);
            }
        };
    }
}
