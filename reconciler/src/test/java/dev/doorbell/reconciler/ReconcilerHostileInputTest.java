package dev.doorbell.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.testkit.http.BarrageReport;
import dev.doorbell.testkit.http.Endpoint;
import dev.doorbell.testkit.http.HostileBarrage;
import dev.doorbell.topics.PipelineTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reconciler's one HTTP port (control API, read API, legacy direct upcall, /health, /metrics)
 * under a barrage of malformed requests at every endpoint: each gets a 4xx problem without
 * implementation details, nothing reaches the database, and the service serves normally afterwards.
 */
@Tag("servers")
@ExtendWith({PostgresExtension.class, KafkaExtension.class, RegistryExtension.class})
class ReconcilerHostileInputTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyEndpointRejectsMalformedRequestsWithProblemsAndKeepsServing(PostgresServer postgres, KafkaCluster kafka,
                                                                          RegistryServer registry) throws Exception {
        PipelineTopics topics = PipelineTopics.suffixed("-" + UUID.randomUUID());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topics.ensure(admin, 1, (short) 1);
        }
        ReconcilerConfig config = ReconcilerConfig.defaults(
                        TestDatabases.createEmpty(postgres.jdbcUrl(), postgres.user(), postgres.password()),
                        kafka.bootstrapServers(), registry.ccompatUrl())
                .withTopics(topics).withGroupId("hostile-" + UUID.randomUUID()).withHttpPort(0).withSweep(null);
        try (Reconciler reconciler = Reconciler.start(config)) {
            URI base = URI.create(reconciler.baseUrl());
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base, "/health").statusCode() == 200);
            String uuid = UUID.randomUUID().toString();
            String upcall = "{\"vmm_state\":{\"state\":\"running\",\"gen\":3,\"time_updated\":\"2026-11-29T12:00:00Z\"},"
                    + "\"migration_in\":null,\"migration_out\":null}";
            BarrageReport report = HostileBarrage.fire(base, List.of(
                    Endpoint.of("PUT", "/v1/sleds/{id}").withJsonBody("{\"address\":\"http://127.0.0.1:9\",\"api_versions\":[\"2.0.0\"]}"),
                    Endpoint.of("POST", "/v1/sleds/{id}/off"),
                    Endpoint.of("POST", "/v1/sleds/{id}/expunge"),
                    Endpoint.of("POST", "/v1/instances").withJsonBody("{\"name\":\"web-1\"}"),
                    Endpoint.of("POST", "/v1/instances/{id}/start").withJsonBody("{\"sled_id\":\"" + uuid + "\"}"),
                    Endpoint.of("POST", "/v1/instances/{id}/stop"),
                    Endpoint.of("POST", "/v1/instances/{id}/reboot"),
                    Endpoint.of("POST", "/v1/instances/{id}/migrate").withJsonBody("{\"target_sled_id\":\"" + uuid + "\"}"),
                    Endpoint.of("GET", "/v1/instances").withQueryParams("limit", "page_token", "after"),
                    Endpoint.of("GET", "/v1/instances/{id}"),
                    Endpoint.of("GET", "/v1/vmms").withQueryParams("limit", "page_token", "after", "sled", "state"),
                    Endpoint.of("GET", "/v1/vmms/{id}"),
                    Endpoint.of("GET", "/v1/sleds").withQueryParams("limit", "page_token", "after"),
                    Endpoint.of("GET", "/v1/sleds/{id}"),
                    Endpoint.of("PUT", "/v1/legacy/vmms/{id}").withJsonBody(upcall).withUuidHeaders("sled-id"),
                    Endpoint.of("GET", "/health"),
                    Endpoint.of("GET", "/metrics")), 0x7ec0);

            assertThat(report.cases()).hasSizeGreaterThan(300);
            assertThat(report.violations()).as(report.toString()).isEmpty();
            assertThat(get(base, "/health").statusCode()).isEqualTo(200);
            assertThat(get(base, "/v1/instances").body()).as("nothing created by hostile requests").contains("\"items\":[]");
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/instances"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"after\"}")).build(),
                    BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), BodyHandlers.ofString());
    }
}
