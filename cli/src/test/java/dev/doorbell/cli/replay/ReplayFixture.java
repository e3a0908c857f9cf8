package dev.doorbell.cli.replay;

import static org.awaitility.Awaitility.await;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.serde.AvroSerializer;
import dev.doorbell.serde.TopicNameStrategy;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fresh pipeline topics (3 partitions) on the shared broker, and ways to write records with explicit timestamps. */
final class ReplayFixture implements AutoCloseable {

    static final UUID SLED = UUID.fromString("5c0ffee0-0000-4000-8000-000000000001");

    final String bootstrap;
    final String registryUrl;
    final PipelineTopics topics = PipelineTopics.suffixed("-" + UUID.randomUUID());
    final Admin admin;
    final SchemaRegistryClient registry;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerializer<VmmStateObservation> serializer;

    ReplayFixture(KafkaCluster kafka, RegistryServer registryServer) throws ExecutionException, InterruptedException {
        this.bootstrap = kafka.bootstrapServers();
        this.registryUrl = registryServer.ccompatUrl();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        // describing a topic the instant it is created can meet UNKNOWN_TOPIC_OR_PARTITION: ensure is idempotent, so retry
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
            topics.ensure(admin, 3, (short) 1);
            return true;
        });
        this.registry = new SchemaRegistryClient(RegistryConfig.of(registryUrl));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = new AvroSerializer<>(registry, TopicNameStrategy.VALUE, true);
    }

    Replayer replayer() {
        return new Replayer(ReplayClientConfig.of(bootstrap),
                new RecordDecoder(AvroDeserializer.specific(registry, VmmStateObservation.class), registryUrl));
    }

    List<ReplayedRecord> replay(ReplayPlan plan) {
        List<ReplayedRecord> out = new ArrayList<>();
        replayer().run(plan, out::add);
        return out;
    }

    /** A VMM whose key hashes to a different partition (of 3) than {@code other}'s. */
    static UUID vmmNotInPartitionOf(UUID other) {
        UUID candidate;
        do {
            candidate = UUID.randomUUID();
        } while (VmmPartition.of(candidate, 3) == VmmPartition.of(other, 3));
        return candidate;
    }

    /** A VMM whose key hashes to the same partition (of 3) as {@code other}'s. */
    static UUID vmmInPartitionOf(UUID other) {
        UUID candidate;
        do {
            candidate = UUID.randomUUID();
        } while (candidate.equals(other) || VmmPartition.of(candidate, 3) != VmmPartition.of(other, 3));
        return candidate;
    }

    static Instant minutesAgo(long minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    }

    static VmmStateObservation observation(UUID vmm, VmmState state, long gen, long rings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var header = new ObservationHeader(vmm, SLED, now, ApiVersion.V2, ObservationSource.fetch, rings,
                rings > 0 ? Optional.of(now) : Optional.empty());
        return ObservationMapping.observed(header, new SledVmmState(new VmmRuntimeState(state, gen, now), null, null));
    }

    /** A body-less doorbell, timestamped {@code at}, as the publisher writes it. */
    RecordMetadata ring(UUID vmm, Instant at) throws Exception {
        var record = new ProducerRecord<>(topics.doorbells(), null, at.toEpochMilli(), key(vmm), (byte[]) null);
        record.headers().add(new RecordHeader("source", bytes("sled")));
        record.headers().add(new RecordHeader("sled-id", bytes(SLED.toString())));
        record.headers().add(new RecordHeader("rung-at", bytes(Long.toString(at.toEpochMilli() * 1000))));
        record.headers().add(new RecordHeader("rings", bytes("1")));
        return producer.send(record).get();
    }

    /** An observation in the Confluent wire format, timestamped {@code at}. */
    RecordMetadata observe(VmmStateObservation observation, Instant at) throws Exception {
        return raw(topics.states(), observation.getVmmId(), serializer.serialize(topics.states(), observation), at);
    }

    RecordMetadata raw(String topic, UUID vmm, byte[] value, Instant at) throws Exception {
        return producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key(vmm), value)).get();
    }

    byte[] encode(VmmStateObservation observation) {
        return serializer.serialize(topics.states(), observation);
    }

    static byte[] key(UUID vmm) {
        return bytes(vmm.toString());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        registry.close();
    }
}
