package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.StateFetcher;
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
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state fetcher's HTTP endpoint ({@code /health}, {@code /metrics}, {@code /v1/pending/{vmm}}) under a barrage of malformed
 * requests: each gets a 4xx problem without implementation details, and it serves normally afterwards.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class FetcherHttpHostileInputTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void healthMetricsAndPendingRejectMalformedRequestsWithProblemsAndKeepServing(KafkaCluster kafka, RegistryServer registry,
                                                                          @TempDir Path stateDir) throws Exception {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 1)) {
            StateFetcher fetcher = bed.startFetcher(bed.fetcherConfig(stateDir));
            URI base = URI.create(fetcher.baseUrl());
            await().atMost(Duration.ofSeconds(60)).until(() -> get(base, "/health").statusCode() == 200);

            BarrageReport report = HostileBarrage.fire(base, List.of(Endpoint.of("GET", "/health"), Endpoint.of("GET", "/metrics"),
                    Endpoint.of("GET", "/v1/pending/{vmm}")),
                    0xfe7c);

            assertThat(report.cases()).hasSizeGreaterThan(100);
            assertThat(report.violations()).as(report.toString()).isEmpty();
            assertThat(get(base, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(base, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("doorbell_fetcher");
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), BodyHandlers.ofString());
    }
}
