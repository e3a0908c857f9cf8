package dev.doorbell.serde;

import dev.doorbell.registry.RegistryException;
import dev.doorbell.registry.SchemaNotFoundException;
import dev.doorbell.registry.SchemaRegistry;
import dev.doorbell.registry.SchemaRegistryClient;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a local <em>reader</em> schema: the writer schema is fetched by the id
 * in the header (and cached), and Avro schema resolution maps it onto the reader's — so data written with v1
 * reads as v2 (new fields take their defaults) and v2 data reads as v1 (unknown fields are skipped).
 *
 * <p>A {@code null} payload deserializes to {@code null} (Kafka's convention for tombstones; callers of
 * {@code vmm.states} skip it). Anything else that is not a whole record throws an {@link AvroSerdeException}
 * saying which: empty or short header, wrong magic byte, unknown schema id, truncated or undecodable body, or
 * trailing bytes. Thread-safe.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistry registry;
    private Schema readerSchema;
    private GenericData model;
    private AutoCloseable owned;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka, which instantiates by class name and then calls {@link #configure}. */
    public AvroDeserializer() {
    }

    private AvroDeserializer(SchemaRegistry registry, Schema readerSchema, GenericData model) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
        this.model = model;
    }

    /** Reads into the generated class {@code type} (e.g. the newest {@code VmmStateObservation}). */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(SchemaRegistry registry, Class<T> type) {
        return new AvroDeserializer<>(registry, SpecificData.get().getSchema(type), GeneratedClassesModel.of(type));
    }

    /** Reads into {@link GenericRecord}s of {@code readerSchema} (e.g. an older version from the history). */
    public static AvroDeserializer<GenericRecord> generic(SchemaRegistry registry, Schema readerSchema) {
        return new AvroDeserializer<>(registry, readerSchema, LogicalTypesModel.create());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        Class<?> type;
        try {
            type = Class.forName(config.readerClass(), true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : AvroDeserializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(AvroSerdeConfig.READER_CLASS, config.readerClass(),
                    "no such class");
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(AvroSerdeConfig.READER_CLASS, config.readerClass(),
                    "not a generated Avro class (SpecificRecord)");
        }
        SchemaRegistryClient client = new SchemaRegistryClient(config.registry());
        this.registry = client;
        this.owned = client;
        @SuppressWarnings("unchecked")
        Class<? extends SpecificRecord> generated = (Class<? extends SpecificRecord>) type;
        this.readerSchema = SpecificData.get().getSchema(generated);
        this.model = GeneratedClassesModel.of(generated);
    }

    /** The schema records are read into. */
    public Schema readerSchema() {
        return readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int id = ConfluentWireFormat.schemaId(data);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) { // resolved outside computeIfAbsent: no registry call while holding a map bin
            reader = reader(id);
            readers.putIfAbsent(id, reader);
        }
        int bodyLength = data.length - ConfluentWireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH, bodyLength, null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new TruncatedPayloadException("truncated payload: the Avro body (" + bodyLength
                    + " bytes) ends before the record written with schema id " + id + " does", e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableBodyException("undecodable Avro body for schema id " + id + " on topic " + topic
                    + ": " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new UndecodableBodyException("undecodable Avro body for schema id " + id + " on topic " + topic
                        + ": trailing bytes after the record (wrong schema id?)", null);
            }
        } catch (IOException e) {
            throw new UndecodableBodyException("undecodable Avro body for schema id " + id + ": " + e, e);
        }
        return record;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> reader(int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException("unknown schema id " + id + ": the registry has no such schema", e);
        } catch (RegistryException e) {
            throw RegistryFailures.translate("resolving schema id " + id, e);
        }
        return (DatumReader<T>) model.createDatumReader(writer, readerSchema);
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                // closing an HTTP client: nothing to recover
            }
        }
    }
}
