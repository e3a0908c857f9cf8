package dev.doorbell.serde;

import dev.doorbell.registry.RegistryException;
import dev.doorbell.registry.SchemaNotFoundException;
import dev.doorbell.registry.SchemaRegistry;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.registry.SubjectNotFoundException;
import dev.doorbell.schemas.PortableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated classes or generic records) in the Confluent wire format, with the id of the
 * record's own schema under the topic's subject ({@link TopicNameStrategy}).
 *
 * <p>With auto-registration off (the default) the schema must already be registered under the subject
 * (governance registers schemas, producers do not): otherwise {@link SchemaNotRegisteredException}. The
 * schema registered or looked up is the record's schema in its {@link PortableSchema} form, i.e. exactly the
 * history's {@code vN.avsc}. A
 * {@code null} record serializes to {@code null} (Kafka's convention, a tombstone). Thread-safe.
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private SchemaRegistry registry;
    private TopicNameStrategy subjects;
    private boolean autoRegister;
    private AutoCloseable owned;
    private final GenericData genericModel = LogicalTypesModel.create();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Schema, Schema> portable = new ConcurrentHashMap<>();

    /** For Kafka, which instantiates by class name and then calls {@link #configure}. */
    public AvroSerializer() {
    }

    /**
     * @param registry     where ids come from (not closed by this serializer)
     * @param subjects     {@link TopicNameStrategy#VALUE} or {@link TopicNameStrategy#KEY}
     * @param autoRegister register schemas not yet under the subject, instead of failing
     */
    public AvroSerializer(SchemaRegistry registry, TopicNameStrategy subjects, boolean autoRegister) {
        this.registry = registry;
        this.subjects = subjects;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        SchemaRegistryClient client = new SchemaRegistryClient(config.registry());
        this.registry = client;
        this.owned = client;
        this.subjects = new TopicNameStrategy(isKey);
        this.autoRegister = config.autoRegister();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        int id = schemaId(subjects.subject(topic), portable.computeIfAbsent(schema, PortableSchema::of));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> writer(record, s)).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new UnserializableRecordException("cannot serialize " + schema.getFullName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
        return ConfluentWireFormat.frame(id, out.toByteArray());
    }

    private int schemaId(String subject, Schema schema) {
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SubjectNotFoundException | SchemaNotFoundException e) {
            throw new SchemaNotRegisteredException("schema " + schema.getFullName() + " is not registered under subject "
                    + subject + " and auto-registration is off: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw RegistryFailures.translate("serializing for subject " + subject, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writer(T record, Schema schema) {
        GenericData model = record instanceof SpecificRecord specific
                ? GeneratedClassesModel.of(specific.getClass()) : genericModel;
        return (DatumWriter<T>) model.createDatumWriter(schema);
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
