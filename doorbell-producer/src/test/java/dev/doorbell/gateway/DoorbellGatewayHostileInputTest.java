package dev.doorbell.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.testkit.http.BarrageReport;
import dev.doorbell.testkit.http.Endpoint;
import dev.doorbell.testkit.http.HostileBarrage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway under a barrage of malformed requests at every endpoint, in the upcall mode that does
 * the most with a body (R19 {@code body}: parse and publish): each request gets a 4xx problem without
 * implementation details, and the gateway still rings doorbells afterwards.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class DoorbellGatewayHostileInputTest {

    @Test
    void everyEndpointRejectsMalformedRequestsWithProblemsAndKeepsServing(KafkaCluster kafka, RegistryServer registryServer)
            throws Exception {
        String suffix = UUID.randomUUID().toString();
        String doorbells = "doorbells-" + suffix;
        String states = "states-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(doorbells, 1, (short) 1), new NewTopic(states, 1, (short) 1))).all().get();
        }
        try (SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(registryServer.ccompatUrl()));
             DoorbellPublisher publisher = DoorbellPublisher.toKafka(new DoorbellProducerConfig(kafka.bootstrapServers(), doorbells, 1, Map.of()), PublisherConfig.forSource(DoorbellSource.SLED));
             ObservationPublisher observations = new ObservationPublisher(
                     new ObservationProducerConfig(kafka.bootstrapServers(), states, "gateway-hostile-test", Map.of()), registry, true);
             DoorbellGateway gateway = new DoorbellGateway(HttpServiceConfig.defaults("gateway", 0), publisher,
                     new KafkaUpcallBodySink(observations, Clock.systemUTC()), () -> UpcallMode.BODY, Duration.ofSeconds(10)).start()) {
            URI base = URI.create(gateway.baseUrl());
            String upcall = "{\"vmm_state\":{\"state\":\"running\",\"gen\":3,\"time_updated\":\"2026-11-29T12:00:00Z\"},"
                    + "\"migration_in\":null,\"migration_out\":null}";
            BarrageReport report = HostileBarrage.fire(base, List.of(
                    Endpoint.of("POST", "/v1/vmms/{id}/doorbell"),
                    Endpoint.of("PUT", "/v1/vmms/{id}").withJsonBody(upcall).withUuidHeaders("sled-id"),
                    Endpoint.of("GET", "/health"),
                    Endpoint.of("GET", "/metrics")), 0x6a7e);

            assertThat(report.cases()).hasSizeGreaterThan(300);
            assertThat(report.violations()).as(report.toString()).isEmpty();
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/health")).build(), BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/v1/vmms/" + UUID.randomUUID() + "/doorbell"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        }
    }
}
