package dev.doorbell.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.http.BarrageReport;
import dev.doorbell.testkit.http.Endpoint;
import dev.doorbell.testkit.http.HostileBarrage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP layer under a barrage of malformed requests: every one gets a 4xx problem, none a
 * stack trace, and the service serves normally afterwards.
 */
class HttpServiceHostileInputTest {

    record Thing(String name, int count) {
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemAndTheServiceStaysUp() throws Exception {
        try (HttpService service = HttpService.builder(HttpServiceConfig.defaults("hostile", 0))
                .route("GET", "/things/{id}", req -> HttpResponse.ok(Map.of("id", req.uuidParam("id").toString())))
                .route("PUT", "/things/{id}", req -> {
                    req.uuidParam("id");
                    return HttpResponse.ok(req.readJson(Thing.class));
                })
                .route("POST", "/things/{id}/ring", req -> {
                    req.uuidParam("id");
                    return HttpResponse.empty(202);
                })
                .build().start()) {
            URI base = URI.create(service.baseUrl());
            BarrageReport report = HostileBarrage.fire(base, List.of(
                    Endpoint.of("GET", "/things/{id}"),
                    Endpoint.of("PUT", "/things/{id}").withJsonBody("{\"name\":\"a\",\"count\":1}"),
                    Endpoint.of("POST", "/things/{id}/ring"),
                    Endpoint.of("GET", "/health"),
                    Endpoint.of("GET", "/metrics")), 9);

            assertThat(report.cases()).hasSizeGreaterThan(300);
            assertThat(report.violations()).as(report.toString()).isEmpty();
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/health")).build(), BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/things/" + UUID.randomUUID()))
                    .PUT(BodyPublishers.ofString("{\"name\":\"b\",\"count\":2}")).build(), BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }
}
