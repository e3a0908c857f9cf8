package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.http.BarrageReport;
import dev.doorbell.testkit.http.Endpoint;
import dev.doorbell.testkit.http.ErrorShape;
import dev.doorbell.testkit.http.HostileBarrage;
import dev.doorbell.testkit.http.ServiceLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The simulated sled-agent's API under a barrage of malformed requests at every endpoint: each gets
 * a 4xx dropshot error body ({@code request_id}, {@code error_code}, {@code message}, as omicron's
 * sled-agent answers) without implementation details, framework-level rejections included; no VMM
 * comes into being, and the sled answers normally afterwards.
 */
class SledApiHostileInputTest {
    private static final String V2 = "2.0.0";

    @Test
    void everyEndpointRejectsMalformedRequestsWithDropshotErrorsAndKeepsServing() throws Exception {
        try (SledSimulator sled = SledSimulator.start(SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT,
                SledSimConfig.DEFAULT_STEP_DELAY), vmm -> { })) {
            URI base = URI.create(sled.baseUrl());
            String uuid = UUID.randomUUID().toString();
            BarrageReport report = HostileBarrage.fire(base, List.of(
                    Endpoint.of("GET", "/vmms").withHeader("api-version", V2).withQueryParams("limit", "page_token"),
                    Endpoint.of("POST", "/vmms/states").withHeader("api-version", V2).withJsonBody("{\"ids\":[\"" + uuid + "\"]}"),
                    Endpoint.of("PUT", "/vmms/{id}").withHeader("api-version", V2).withJsonBody("{\"instance_id\":\"" + uuid + "\"}"),
                    Endpoint.of("GET", "/vmms/{id}/state").withHeader("api-version", V2),
                    Endpoint.of("PUT", "/vmms/{id}/state").withHeader("api-version", V2).withJsonBody("{\"requested\":\"running\"}"),
                    Endpoint.of("POST", "/vmms/{id}/fault").withHeader("api-version", V2).withJsonBody("{\"reason\":\"propolis_crashed\"}"),
                    Endpoint.of("POST", "/vmms/{id}/poke").withHeader("api-version", V2),
                    Endpoint.of("POST", "/vmms/{id}/migration-failed").withHeader("api-version", V2)
                            .withJsonBody("{\"migration_id\":\"" + uuid + "\"}"),
                    Endpoint.of("GET", "/health"),
                    Endpoint.of("GET", "/metrics")), 0x51ed, ServiceLimits.defaults(), ErrorShape.DROPSHOT);

            assertThat(report.cases()).hasSizeGreaterThan(300);
            assertThat(report.violations()).as(report.toString()).isEmpty();
            assertThat(sled.sled().size()).as("VMMs created by hostile requests").isZero();
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/health")).build(), BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            UUID vmm = UUID.randomUUID();
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/vmms/" + vmm)).header("content-type", "application/json")
                    .header("api-version", V2)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"instance_id\":\"" + UUID.randomUUID() + "\"}")).build(),
                    BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/vmms/" + vmm + "/state")).header("api-version", V2).build(),
                    BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
