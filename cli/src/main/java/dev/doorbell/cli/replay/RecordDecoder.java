package dev.doorbell.cli.replay;

import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.RegistryRejectedException;
import dev.doorbell.serde.RegistryUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns raw records into {@link ReplayedRecord}s, choosing the value's decoding by topic name: {@code vmm.states*}
 * (and its dead letters) hold Avro observations, {@code vmm.doorbells*} hold none, anything else is text.
 * Undecodable bytes become {@link ReplayedValue.Malformed}; only an unreachable or refusing registry is an error
 * ({@link ReplayException}), since then every following record would look malformed too.
 */
public final class RecordDecoder {

    private final Deserializer<VmmStateObservation> observations;
    private final String registry;

    /**
     * @param observations reads {@code vmm.states} values, e.g. {@code AvroDeserializer.specific(registry, VmmStateObservation.class)}
     * @param registry names the registry in error messages (its URL)
     */
    public RecordDecoder(Deserializer<VmmStateObservation> observations, String registry) {
        this.observations = Objects.requireNonNull(observations, "observations");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** How a topic's values are read. */
    enum ValueKind {
        OBSERVATION, NONE, TEXT;

        static ValueKind of(String topic) {
            if (topic.startsWith("vmm.states")) {
                return OBSERVATION;
            }
            if (topic.startsWith("vmm.doorbells") && !topic.startsWith("vmm.doorbells.dlq")) {
                return NONE;
            }
            return TEXT;
        }
    }

    public ReplayedRecord decode(ConsumerRecord<byte[], byte[]> record) {
        List<ReplayedRecord.HeaderText> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new ReplayedRecord.HeaderText(header.key(), header.value() == null ? null : Bytes.textOrHex(header.value())));
        }
        String key = record.key() == null ? null : Bytes.textOrHex(record.key());
        return new ReplayedRecord(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                key, headers, value(record.topic(), record.value()));
    }

    private ReplayedValue value(String topic, byte[] bytes) {
        if (bytes == null) {
            return new ReplayedValue.NoBody();
        }
        return switch (ValueKind.of(topic)) {
            case NONE -> new ReplayedValue.Malformed("a doorbell carries no body, this one has " + bytes.length + " bytes", bytes);
            case TEXT -> Bytes.utf8(bytes).<ReplayedValue>map(ReplayedValue.Text::new)
                    .orElseGet(() -> new ReplayedValue.Malformed("not UTF-8 text", bytes));
            case OBSERVATION -> observation(topic, bytes);
        };
    }

    private ReplayedValue observation(String topic, byte[] bytes) {
        try {
            return new ReplayedValue.Observation(observations.deserialize(topic, bytes));
        } catch (RegistryUnavailableException e) {
            throw new ReplayException("cannot decode " + topic + ": the schema registry at " + registry + " did not answer", e);
        } catch (RegistryRejectedException e) {
            throw new ReplayException("cannot decode " + topic + ": the schema registry at " + registry + " refused: " + e.getMessage(), e);
        } catch (SerializationException e) {
            return new ReplayedValue.Malformed(e.getMessage(), bytes);
        }
    }
}
