package dev.doorbell.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellHeaders;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway over real HTTP, with a real broker and registry behind it. */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class DoorbellGatewayTest {

    private static final ObjectMapper JSON = Json.mapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<UpcallMode> mode = new AtomicReference<>(UpcallMode.IGNORE_BODY);
    private String doorbells;
    private String states;
    private KafkaCluster kafka;
    private SchemaRegistryClient registry;
    private DoorbellPublisher publisher;
    private ObservationPublisher observations;
    private DoorbellGateway gateway;

    @BeforeEach
    void start(KafkaCluster kafka, RegistryServer registryServer) throws Exception {
        this.kafka = kafka;
        String suffix = UUID.randomUUID().toString();
        doorbells = "doorbells-" + suffix;
        states = "states-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(doorbells, 1, (short) 1), new NewTopic(states, 1, (short) 1))).all().get();
        }
        registry = new SchemaRegistryClient(RegistryConfig.of(registryServer.ccompatUrl()));
        publisher = DoorbellPublisher.toKafka(new DoorbellProducerConfig(kafka.bootstrapServers(), doorbells, 1, Map.of()), PublisherConfig.forSource(DoorbellSource.GATEWAY));
        observations = new ObservationPublisher(
                new ObservationProducerConfig(kafka.bootstrapServers(), states, "gateway-test", Map.of()), registry, true);
        gateway = new DoorbellGateway(HttpServiceConfig.defaults("gateway", 0), publisher,
                new KafkaUpcallBodySink(observations, Clock.systemUTC()), mode::get, Duration.ofSeconds(10)).start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        publisher.close(Duration.ofSeconds(5));
        observations.close(Duration.ofSeconds(5));
    }

    @Test
    void aDoorbellIsAcceptedAndLandsOnTheTopic() throws Exception {
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = send("POST", "/v1/vmms/" + vmm + "/doorbell", null);

        assertThat(response.statusCode()).isEqualTo(202);
        ConsumerRecord<String, byte[]> record = consumeUntilKey(doorbells, vmm.toString()).getLast();
        assertThat(record.value()).isNull();
        assertThat(header(record, DoorbellHeaders.SOURCE)).as("the gateway cannot tell who called it").isEqualTo("gateway");
    }

    @Test
    void aDoorbellIsTaggedWithTheSourceTheRequestNames() throws Exception {
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/vmms/" + vmm + "/doorbell"))
                .header("source", "sled").POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(consumeUntilKey(doorbells, vmm.toString()).getLast(), DoorbellHeaders.SOURCE)).isEqualTo("sled");
    }

    @Test
    void aDoorbellNamingAnUnknownSourceIsABadRequest() throws Exception {
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/vmms/" + vmm + "/doorbell"))
                .header("source", "martian").POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("martian").contains("gateway");
    }

    @Test
    void ignoreBodyModeValidatesTheBodyThenRingsInsteadOfPublishingIt() throws Exception {
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = send("PUT", "/v1/vmms/" + vmm, v1Body(VmmState.RUNNING, 4));

        assertThat(response.statusCode()).isEqualTo(204);
        ConsumerRecord<String, byte[]> record = consumeUntilKey(doorbells, vmm.toString()).getLast();
        assertThat(header(record, DoorbellHeaders.SOURCE)).isEqualTo("legacy-upcall");
    }

    @Test
    void bodyModePublishesTheUpcallStateAsAnObservation() throws Exception {
        mode.set(UpcallMode.BODY);
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        byte[] body = v1Body(VmmState.STOPPING, 9);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/vmms/" + vmm))
                .header("sled-id", sled.toString()).PUT(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(204);
        ConsumerRecord<String, byte[]> record = consumeUntilKey(states, vmm.toString()).getLast();
        try (AvroDeserializer<VmmStateObservation> deserializer = AvroDeserializer.specific(registry, VmmStateObservation.class)) {
            VmmStateObservation observation = deserializer.deserialize(states, record.value());
            assertThat(observation.getSource()).isEqualTo(ObservationSource.legacy_upcall_body);
            assertThat(observation.getSledId()).isEqualTo(sled);
            assertThat(observation.getSledApiVersion()).isEqualTo("1.0.0");
            assertThat(ObservationMapping.fromAvro((dev.doorbell.schemas.avro.SledVmmState) observation.getOutcome()))
                    .isEqualTo(JSON.readValue(body, SledVmmState.class));
        }
    }

    @Test
    void goneModeAnswers410NamingTheDoorbell() throws Exception {
        mode.set(UpcallMode.GONE);
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = send("PUT", "/v1/vmms/" + vmm, v1Body(VmmState.RUNNING, 2));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("doorbell").asText()).isEqualTo("/v1/vmms/" + vmm + "/doorbell");
    }

    @Test
    void badInputGetsAProblemAndNothingReachesKafka() throws Exception {
        UUID vmm = UUID.randomUUID();
        record Case(String method, String path, byte[] body, int status) {}
        List<Case> cases = List.of(
                new Case("POST", "/v1/vmms/not-a-uuid/doorbell", null, 400),
                new Case("POST", "/v1/vmms/" + vmm.toString().toUpperCase().substring(1) + "/doorbell", null, 400),
                new Case("POST", "/v1/vmms/" + vmm + "/doorbell", "{}".getBytes(), 400),
                new Case("GET", "/v1/vmms/" + vmm + "/doorbell", null, 405),
                new Case("DELETE", "/v1/vmms/" + vmm, null, 405),
                new Case("POST", "/v1/nothing-here", null, 404),
                new Case("PUT", "/v1/vmms/" + vmm, null, 400),
                new Case("PUT", "/v1/vmms/" + vmm, "{\"vmm_state\":{\"state\":\"dancing\",\"gen\":1,\"time_updated\":\"2026-01-01T00:00:00Z\"}}".getBytes(), 400),
                new Case("PUT", "/v1/vmms/" + vmm, "{\"vmm_state\":{\"state\":\"running\",\"gen\":-1,\"time_updated\":\"2026-01-01T00:00:00Z\"}}".getBytes(), 400),
                new Case("PUT", "/v1/vmms/" + vmm, "not json".getBytes(), 400),
                new Case("PUT", "/v1/vmms/" + vmm, new byte[70 * 1024], 413));
        for (Case c : cases) {
            HttpResponse<String> response = send(c.method(), c.path(), c.body());
            assertThat(response.statusCode()).as("%s %s", c.method(), c.path()).isEqualTo(c.status());
            assertThat(response.headers().firstValue("content-type")).as("%s %s", c.method(), c.path())
                    .hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(c.status());
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }

        UUID sentinel = UUID.randomUUID();
        assertThat(send("POST", "/v1/vmms/" + sentinel + "/doorbell", null).statusCode()).isEqualTo(202);
        assertThat(consumeUntilKey(doorbells, sentinel.toString())).extracting(ConsumerRecord::key)
                .containsExactly(sentinel.toString());
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
        // An oversized body is refused before it is read; asking first (Expect: 100-continue) keeps the client
        // from still sending it into a closed connection, which could reset the answer away.
        boolean oversized = body != null && body.length > 64 * 1024;
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).method(method, publisher)
                        .expectContinue(oversized).build(),
                BodyHandlers.ofString());
    }

    private static byte[] v1Body(VmmState state, long gen) throws Exception {
        return JSON.writeValueAsBytes(new SledVmmState(new VmmRuntimeState(state, gen, Instant.parse("2026-11-29T10:00:00.5Z"))));
    }

    private List<ConsumerRecord<String, byte[]>> consumeUntilKey(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(r -> key.equals(r.key()));
            });
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
