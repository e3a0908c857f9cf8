package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.Json;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/pending/{vmm}} on a real fetcher over a real broker: a VMM rung while its placement is unknown
 * has a pending fetch, which the interactive query shows; a VMM never rung has nothing pending (404); an id that
 * is not a UUID is a 400 problem. With two instances in one group, the one that does not host the VMM's partition says so.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class PendingEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void showsAPendingFetchAndAnswersProblemsForUnknownAndMalformedIds(KafkaCluster kafka, RegistryServer registry,
                                                                        @TempDir Path stateDir) throws Exception {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 2)) {
            StateFetcher fetcher = bed.startFetcher(bed.fetcherConfig(stateDir));
            URI base = URI.create(fetcher.baseUrl());
            UUID vmm = UUID.randomUUID(); // never placed: its fetch waits for the directory and stays pending
            bed.ring(List.of(vmm));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> answer = get(base, "/v1/pending/" + vmm);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode entry = Json.mapper().readTree(answer.body());
                assertThat(entry.path("vmm_id").asText()).isEqualTo(vmm.toString());
                assertThat(entry.path("pending").asBoolean()).isTrue();
                assertThat(entry.path("phase").asText()).isIn("DIRTY", "IN_FLIGHT", "IN_FLIGHT_DIRTY");
                assertThat(entry.path("pending_rings").asLong() + entry.path("in_flight_rings").asLong()).isEqualTo(1);
                assertThat(entry.path("origin").asText()).startsWith(bed.topics().doorbells() + "@");
                assertThat(entry.path("due_at").asText()).isNotBlank();
            });

            HttpResponse<String> unknown = get(base, "/v1/pending/" + UUID.randomUUID());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Json.mapper().readTree(unknown.body()).path("type").asText()).isEqualTo("urn:doorbell:problem:nothing-pending");

            HttpResponse<String> bad = get(base, "/v1/pending/not-a-uuid");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Json.mapper().readTree(bad.body()).path("detail").asText()).contains("must be a UUID");
        }
    }

    @Test
    void withTwoInstancesOnlyTheHostAnswersAndTheOtherSaysNotHostedHere(KafkaCluster kafka, RegistryServer registry,
                                                                          @TempDir Path dir) throws Exception {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 2)) {
            StateFetcher first = bed.startFetcher(bed.fetcherConfig(dir.resolve("first")));
            StateFetcher second = bed.startFetcher(bed.fetcherConfig(dir.resolve("second")));
            await().atMost(Duration.ofSeconds(90)).until(() -> first.activeTasks().size() == 1 && second.activeTasks().size() == 1);
            UUID vmm = UUID.randomUUID(); // never placed: stays pending
            bed.ring(List.of(vmm));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<HttpResponse<String>> answers = List.of(get(URI.create(first.baseUrl()), "/v1/pending/" + vmm),
                        get(URI.create(second.baseUrl()), "/v1/pending/" + vmm));
                assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 404);
                HttpResponse<String> other = answers.stream().filter(a -> a.statusCode() == 404).findFirst().orElseThrow();
                JsonNode problem = Json.mapper().readTree(other.body());
                assertThat(problem.path("type").asText()).isEqualTo("urn:doorbell:problem:not-hosted");
                HttpResponse<String> host = answers.stream().filter(a -> a.statusCode() == 200).findFirst().orElseThrow();
                assertThat(problem.path("partition").asInt()).isEqualTo(Json.mapper().readTree(host.body()).path("partition").asInt());
            });
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }
}
