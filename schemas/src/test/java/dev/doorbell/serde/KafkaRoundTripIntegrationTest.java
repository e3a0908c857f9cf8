package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record produced to a real broker with our serializer is consumed with our deserializer, both configured the
 * way Kafka clients configure them: by class name and properties.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class KafkaRoundTripIntegrationTest {

    @Test
    void observationTravelsThroughKafka(KafkaCluster kafka, RegistryServer registry) throws Exception {
        String topic = "vmm.states." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (SchemaRegistryClient governance = new SchemaRegistryClient(RegistryConfig.of(registry.ccompatUrl()))) {
            governance.setCompatibility(topic + "-value", CompatibilityLevel.FULL_TRANSITIVE);
            governance.register(topic + "-value", V1Observations.V1);
            governance.register(topic + "-value", V1Observations.V2);
        }
        VmmStateObservation sent = Observations.running();

        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                AvroSerdeConfig.REGISTRY_URL, registry.ccompatUrl());
        try (KafkaProducer<String, VmmStateObservation> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, sent.getVmmId().toString(), sent)).get();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
                AvroSerdeConfig.REGISTRY_URL, registry.ccompatUrl());
        List<VmmStateObservation> received = new ArrayList<>();
        try (KafkaConsumer<String, VmmStateObservation> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                assertThat(received).containsExactly(sent);
            });
        }
    }
}
