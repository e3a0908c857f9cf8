package dev.doorbell.reconciler.apply;

import dev.doorbell.kafka.TopicRange;
import dev.doorbell.observation.AppliedMark;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.serde.AvroSerializer;
import dev.doorbell.serde.TopicNameStrategy;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The observation consumer's test bed, not a pipeline: per-test topics (suffixed) and their value
 * subject with the whole schema history, created as the assembly creates them, and clients that
 * write and read {@code vmm.states} by hand around the consumer under test.
 */
final class StatesTopicBed implements AutoCloseable {

    final PipelineTopics topics = PipelineTopics.suffixed("-" + UUID.randomUUID());
    final String bootstrapServers;
    final SchemaRegistryClient registry;
    final ObservationPublisher publisher;
    final KafkaProducer<byte[], byte[]> raw;
    final Admin admin;

    StatesTopicBed(KafkaCluster kafka, RegistryServer registryServer) throws Exception {
        bootstrapServers = kafka.bootstrapServers();
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        topics.ensure(admin, 3, (short) 1);
        registry = new SchemaRegistryClient(RegistryConfig.of(registryServer.ccompatUrl()));
        SchemaGovernance.registerHistory(registry, SchemaHistory.forStatesTopic(topics.states()));
        publisher = new ObservationPublisher(
                new ObservationProducerConfig(bootstrapServers, topics.states(), "test-publisher", Map.of()), registry, false);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        raw = new KafkaProducer<>(props);
    }

    ObservationConsumerConfig consumerConfig(int maxPollRecords) {
        return ObservationConsumerConfig.of(bootstrapServers).withTopics(topics.states(), topics.statesDlq())
                .withGroupId("reconciler-" + UUID.randomUUID()).withMaxPollRecords(maxPollRecords);
    }

    ObservationReader reader() {
        return new ObservationReader(AvroDeserializer.specific(registry, VmmStateObservation.class));
    }

    void publish(List<VmmStateObservation> observations) throws Exception {
        for (VmmStateObservation o : observations) {
            publisher.publish(o).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Publishes {@code observation} as a state fetcher does one its {@link ApplyAhead} committed: marked applied. */
    void publishMarked(VmmStateObservation observation) throws Exception {
        byte[] value = new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, false)
                .serialize(topics.states(), observation);
        raw.send(new ProducerRecord<>(topics.states(), null, observation.getVmmId().toString().getBytes(), value,
                AppliedMark.headers())).get(30, TimeUnit.SECONDS);
    }

    void publishRaw(String key, byte[] value) throws Exception {
        raw.send(new ProducerRecord<>(topics.states(), key.getBytes(), value)).get(30, TimeUnit.SECONDS);
    }

    /** End offsets of the states topic, per partition. */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            request.put(new TopicPartition(topics.states(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** The group's committed offsets of the states topic (0 where none). */
    Map<TopicPartition, Long> committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> out = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition(topics.states(), p);
            OffsetAndMetadata o = committed.get(tp);
            out.put(tp, o == null ? 0L : o.offset());
        }
        return out;
    }

    /** Every record on the dead-letter topic so far. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return TopicRange.readAll(bootstrapServers, topics.statesDlq(), Duration.ofSeconds(30));
    }

    /** Every record on the states topic so far. */
    List<ConsumerRecord<byte[], byte[]>> states() {
        return TopicRange.readAll(bootstrapServers, topics.states(), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        publisher.close();
        raw.close();
        admin.close();
        registry.close();
    }
}
