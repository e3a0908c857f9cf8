package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.SledVmmStateReader;
import dev.doorbell.model.VmmState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sled API over real HTTP. */
class SledApiTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String V1 = "1.0.0";
    private static final String V2 = "2.0.0";
    private final ObjectMapper mapper = Json.mapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SledSimulator sim;
    private SledSimulator oldSim;

    @BeforeEach
    void start() {
        SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
        sim = SledSimulator.start(config, null, clock, MigrationPeers.none());
        oldSim = SledSimulator.start(config.withApiVersions(Set.of(ApiVersion.V1)), null, clock, MigrationPeers.none());
    }

    @AfterEach
    void stop() {
        sim.close();
        oldSim.close();
    }

    private HttpResponse<String> send(SledSimulator target, String method, String path, String version, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            b.header("api-version", version);
        }
        if (body != null) {
            b.header("content-type", "application/json");
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String newest(SledSimulator target) {
        return ApiVersion.newestOf(target.config().apiVersions()).toString();
    }

    /** Asserts a dropshot error body: {@code request_id}, {@code message}, an optional {@code error_code}, nothing else. */
    private JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = mapper.readTree(response.body());
        UUID.fromString(body.get("request_id").asText());
        assertThat(body.get("message").isTextual()).as(response.body()).isTrue();
        List<String> members = new ArrayList<>();
        body.fieldNames().forEachRemaining(members::add);
        assertThat(members).as(response.body()).isSubsetOf("request_id", "error_code", "message");
        return body;
    }

    private JsonNode problemWithoutCode(HttpResponse<String> response, int status) throws Exception {
        JsonNode body = problem(response, status);
        assertThat(body.path("error_code").isMissingNode() || body.get("error_code").isNull()).as(response.body()).isTrue();
        return body;
    }

    private UUID crashedVmm(SledSimulator target) throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(send(target, "PUT", "/vmms/" + id, newest(target), "{\"instance_id\":\"" + UUID.randomUUID() + "\"}").statusCode()).isEqualTo(200);
        assertThat(send(target, "PUT", "/vmms/" + id + "/state", newest(target), "{\"requested\":\"running\"}").statusCode()).isEqualTo(200);
        assertThat(send(target, "POST", "/vmms/" + id + "/poke", newest(target), null).statusCode()).isEqualTo(200);
        assertThat(send(target, "POST", "/vmms/" + id + "/fault", newest(target), null).statusCode()).isEqualTo(200);
        return id;
    }

    @Test
    void getAnswersInTheShapeOfTheRequestedVersion() throws Exception {
        UUID id = crashedVmm(sim);
        HttpResponse<String> v2 = send(sim, "GET", "/vmms/" + id + "/state", "2.0.0", null);
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.headers().firstValue("api-version")).hasValue("2.0.0");
        SledVmmState state = new SledVmmStateReader(ApiVersion.V2).read(v2.body().getBytes(StandardCharsets.UTF_8));
        assertThat(state.vmmState().state()).isEqualTo(VmmState.FAILED);
        assertThat(state.vmmState().failureReason()).isEqualTo("propolis_crashed");
        assertThat(state.vmmState().gen()).as("ensured at 2, running 3, failed 4").isEqualTo(4);

        HttpResponse<String> v1 = send(sim, "GET", "/vmms/" + id + "/state", "1.0.0", null);
        assertThat(v1.statusCode()).isEqualTo(200);
        assertThat(v1.headers().firstValue("api-version")).hasValue("1.0.0");
        assertThat(v1.body()).doesNotContain("failure_reason");
        SledVmmState old = new SledVmmStateReader(ApiVersion.V1).read(v1.body().getBytes(StandardCharsets.UTF_8));
        assertThat(old.vmmState().gen()).isEqualTo(4);
    }

    @Test
    void missingMalformedOrNewerVersionsAre400WithDropshotMessagesListingNothing() throws Exception {
        UUID id = crashedVmm(sim);
        assertThat(problemWithoutCode(send(sim, "GET", "/vmms/" + id + "/state", null, null), 400).get("message").asText())
                .isEqualTo("missing expected header \"api-version\"");
        for (String version : new String[] {"2", "v2.0.0", "2.0.0-beta", ""}) {
            JsonNode body = problemWithoutCode(send(sim, "GET", "/vmms/" + id + "/state", version, null), 400);
            assertThat(body.get("message").asText()).startsWith("bad value for header \"api-version\": ");
        }
        assertThat(problemWithoutCode(send(sim, "GET", "/vmms/" + id + "/state", "3.0.0", null), 400).get("message").asText())
                .isEqualTo("server does not support this API version: 3.0.0");
        UUID oldId = crashedVmm(oldSim);
        assertThat(problemWithoutCode(send(oldSim, "GET", "/vmms/" + oldId + "/state", V2, null), 400).get("message").asText())
                .isEqualTo("server does not support this API version: 2.0.0");
        HttpResponse<String> v1 = send(oldSim, "GET", "/vmms/" + oldId + "/state", V1, null);
        assertThat(v1.statusCode()).isEqualTo(200);
        assertThat(v1.body()).doesNotContain("failure_reason");
    }

    @Test
    void everySledEndpointRequiresTheVersionHeader() throws Exception {
        UUID id = UUID.randomUUID();
        String ensure = "{\"instance_id\":\"" + UUID.randomUUID() + "\"}";
        problemWithoutCode(send(sim, "PUT", "/vmms/" + id, null, ensure), 400);
        assertThat(sim.sled().size()).as("a refused ensure creates nothing").isZero();
        assertThat(send(sim, "PUT", "/vmms/" + id, V1, ensure).statusCode()).isEqualTo(200);
        problemWithoutCode(send(sim, "PUT", "/vmms/" + id + "/state", null, "{\"requested\":\"running\"}"), 400);
        problemWithoutCode(send(sim, "POST", "/vmms/" + id + "/fault", null, null), 400);
        problemWithoutCode(send(sim, "POST", "/vmms/" + id + "/poke", null, null), 400);
        problemWithoutCode(send(sim, "POST", "/vmms/" + id + "/migration-failed", null,
                "{\"migration_id\":\"" + UUID.randomUUID() + "\"}"), 400);
        assertThat(sim.sled().state(id).orElseThrow().vmmState().state()).isEqualTo(VmmState.STARTING);
    }

    @Test
    void unknownVmmIs404AndBadIdIs400() throws Exception {
        JsonNode body = problem(send(sim, "GET", "/vmms/" + UUID.randomUUID() + "/state", "2.0.0", null), 404);
        assertThat(body.get("error_code").asText()).isEqualTo("NO_SUCH_INSTANCE");
        problemWithoutCode(send(sim, "GET", "/vmms/not-a-uuid/state", "2.0.0", null), 400);
        problemWithoutCode(send(sim, "GET", "/vmms/" + UUID.randomUUID() + "/nowhere", "2.0.0", null), 404);
        assertThat(problem(send(sim, "POST", "/vmms/" + UUID.randomUUID() + "/poke", V2, null), 404).get("error_code").asText())
                .isEqualTo("NO_SUCH_INSTANCE");
    }

    @Test
    void terminalVmmsAnswerUntilRetentionEnds() throws Exception {
        UUID id = crashedVmm(sim);
        clock.advance(SledSimConfig.DEFAULT_RETENTION.minusSeconds(1));
        assertThat(send(sim, "GET", "/vmms/" + id + "/state", "2.0.0", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(problem(send(sim, "GET", "/vmms/" + id + "/state", "2.0.0", null), 404).get("error_code").asText())
                .isEqualTo("NO_SUCH_INSTANCE");
    }

    @Test
    void putStateAnswersTheResultingStateAndRejectsBadRequests() throws Exception {
        UUID id = UUID.randomUUID();
        String ensure = "{\"instance_id\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> created = send(sim, "PUT", "/vmms/" + id, "1.0.0", ensure);
        assertThat(mapper.readValue(created.body(), SledVmmState.class).vmmState().state()).isEqualTo(VmmState.STARTING);
        problem(send(sim, "PUT", "/vmms/" + id, V2, "{\"instance_id\":\"" + UUID.randomUUID() + "\"}"), 409);
        assertThat(problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"reboot\"}"), 409)
                .get("error_code").asText()).isEqualTo("Conflict");
        problemWithoutCode(send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"explode\"}"), 400);
        problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"migrate_out\"}"), 400);
        problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"running\",\"extra\":1}"), 400);
        problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, "not json"), 400);
        problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, null), 400);
        problem(send(sim, "PUT", "/vmms/" + UUID.randomUUID(), V2, "{\"instance_id\":\"nope\"}"), 400);
        problem(send(sim, "POST", "/vmms/" + id + "/fault", V2, "{\"reason\":\"Bad Reason!\"}"), 400);
        problem(send(sim, "POST", "/vmms/" + id + "/poke", V2, null), 409);
        problem(send(sim, "DELETE", "/vmms/" + id, V2, null), 405);
        problem(send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"running\",\"pad\":\"" + "x".repeat(70_000) + "\"}"), 413);

        HttpResponse<String> stopping = send(sim, "PUT", "/vmms/" + id + "/state", V2, "{\"requested\":\"stopped\"}");
        assertThat(stopping.statusCode()).isEqualTo(200);
        SledVmmState s = mapper.readValue(stopping.body(), SledVmmState.class);
        assertThat(s.vmmState().state()).isEqualTo(VmmState.STOPPING);
        assertThat(s.vmmState().gen()).isEqualTo(3);
        HttpResponse<String> faulted = send(sim, "POST", "/vmms/" + id + "/fault", V2, "{\"reason\":\"sled_restarted\"}");
        assertThat(mapper.readValue(faulted.body(), SledVmmState.class).vmmState().failureReason()).isEqualTo("sled_restarted");
    }

    @Test
    void migrationAcrossTwoSledsOverHttp() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID src = UUID.randomUUID();
        UUID dst = UUID.randomUUID();
        UUID migration = UUID.randomUUID();
        send(sim, "PUT", "/vmms/" + src, V2, "{\"instance_id\":\"" + instance + "\"}");
        send(sim, "PUT", "/vmms/" + src + "/state", V2, "{\"requested\":\"running\"}");
        send(sim, "POST", "/vmms/" + src + "/poke", V2, null);
        HttpResponse<String> t = send(oldSim, "PUT", "/vmms/" + dst, V1, "{\"instance_id\":\"" + instance
                + "\",\"migration_source\":{\"migration_id\":\"" + migration + "\",\"source_vmm_id\":\"" + src + "\"}}");
        assertThat(mapper.readTree(t.body()).get("migration_in").get("state").asText()).isEqualTo("pending");
        assertThat(mapper.readTree(t.body()).get("migration_in").get("gen").asLong()).isEqualTo(1);
        assertThat(mapper.readTree(t.body()).get("vmm_state").get("gen").asLong()).isEqualTo(2);
        HttpResponse<String> s = send(sim, "PUT", "/vmms/" + src + "/state", V2, "{\"requested\":\"migrate_out\",\"migration_id\":\""
                + migration + "\",\"target_vmm_id\":\"" + dst + "\"}");
        assertThat(mapper.readTree(s.body()).get("migration_out").get("state").asText()).isEqualTo("pending");
        assertThat(mapper.readTree(s.body()).get("migration_out").get("gen").asLong()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            send(sim, "POST", "/vmms/" + src + "/poke", V2, null);
            send(oldSim, "POST", "/vmms/" + dst + "/poke", V1, null);
        }
        JsonNode source = mapper.readTree(send(sim, "GET", "/vmms/" + src + "/state", "2.0.0", null).body());
        JsonNode target = mapper.readTree(send(oldSim, "GET", "/vmms/" + dst + "/state", "1.0.0", null).body());
        assertThat(source.get("vmm_state").get("state").asText()).isEqualTo("destroyed");
        assertThat(source.get("migration_out").get("state").asText()).isEqualTo("completed");
        assertThat(target.get("vmm_state").get("state").asText()).isEqualTo("running");
        assertThat(target.get("migration_in").get("state").asText()).isEqualTo("completed");
    }

    @Test
    void migrationFailureReachesThePeerSledOverHttp() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID src = UUID.randomUUID();
        UUID dst = UUID.randomUUID();
        UUID migration = UUID.randomUUID();
        send(sim, "PUT", "/vmms/" + src, V2, "{\"instance_id\":\"" + instance + "\"}");
        send(sim, "PUT", "/vmms/" + src + "/state", V2, "{\"requested\":\"running\"}");
        send(sim, "POST", "/vmms/" + src + "/poke", V2, null);
        send(oldSim, "PUT", "/vmms/" + dst, V1, "{\"instance_id\":\"" + instance + "\",\"migration_source\":{\"migration_id\":\""
                + migration + "\",\"source_vmm_id\":\"" + src + "\",\"source_sled_url\":\"" + sim.baseUrl() + "\"}}");
        send(sim, "PUT", "/vmms/" + src + "/state", V2, "{\"requested\":\"migrate_out\",\"migration_id\":\""
                + migration + "\",\"target_vmm_id\":\"" + dst + "\",\"target_sled_url\":\"" + oldSim.baseUrl() + "\"}");
        send(oldSim, "POST", "/vmms/" + dst + "/poke", V1, null);

        send(sim, "POST", "/vmms/" + src + "/fault", V2, null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode target = mapper.readTree(send(oldSim, "GET", "/vmms/" + dst + "/state", "1.0.0", null).body());
            assertThat(target.get("vmm_state").get("state").asText()).isEqualTo("destroyed");
            assertThat(target.get("migration_in").get("state").asText()).isEqualTo("failed");
        });
        problem(send(sim, "POST", "/vmms/" + UUID.randomUUID() + "/migration-failed", V2,
                "{\"migration_id\":\"" + migration + "\"}"), 404);
        problem(send(sim, "PUT", "/vmms/" + src + "/state", V2, "{\"requested\":\"migrate_out\",\"migration_id\":\""
                + migration + "\",\"target_vmm_id\":\"" + dst + "\",\"target_sled_url\":\"file:///etc/passwd\"}"), 400);
    }

    @Test
    void batchStatesAnswersKnownAndUnknownIdsInVersion2() throws Exception {
        UUID crashed = crashedVmm(sim);
        UUID unknown = UUID.randomUUID();
        String body = "{\"ids\":[\"" + crashed + "\",\"" + unknown + "\"]}";
        HttpResponse<String> response = send(sim, "POST", "/vmms/states", "2.0.0", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tree = mapper.readTree(response.body());
        assertThat(tree.get("vmms").get(crashed.toString()).get("vmm_state").get("failure_reason").asText()).isEqualTo("propolis_crashed");
        assertThat(tree.get("unknown_ids").toString()).isEqualTo("[\"" + unknown + "\"]");
    }

    @Test
    void listsEveryVmmInPagesInVersion2AndNotBefore() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID vmm = UUID.randomUUID();
            assertThat(send(sim, "PUT", "/vmms/" + vmm, "2.0.0", "{\"instance_id\":\"" + UUID.randomUUID() + "\"}").statusCode())
                    .isEqualTo(200);
            created.add(vmm.toString());
        }
        UUID crashed = crashedVmm(sim);
        created.add(crashed.toString());

        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpResponse<String> response = send(sim, "GET", "/vmms?limit=4" + (token == null ? "" : "&page_token=" + token), "2.0.0", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("api-version")).contains("2.0.0");
            JsonNode page = mapper.readTree(response.body());
            page.get("items").forEach(item -> {
                listed.add(item.get("id").asText());
                if (item.get("id").asText().equals(crashed.toString())) {
                    assertThat(item.get("state").get("vmm_state").get("failure_reason").asText()).isEqualTo("propolis_crashed");
                }
            });
            token = page.get("next_page").isNull() ? null : page.get("next_page").asText();
            pages++;
        } while (token != null && pages < 5);

        assertThat(pages).isEqualTo(2);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        problemWithoutCode(send(sim, "GET", "/vmms", "1.0.0", null), 404);
        problemWithoutCode(send(oldSim, "GET", "/vmms", "1.0.0", null), 404);
        problem(send(sim, "GET", "/vmms?limit=0", "2.0.0", null), 400);
        problem(send(sim, "GET", "/vmms?page_token=nope", "2.0.0", null), 400);
    }

    @Test
    void batchStatesIsAbsentBeforeVersion2AndBounded() throws Exception {
        String body = "{\"ids\":[\"" + UUID.randomUUID() + "\"]}";
        // dropshot: no such route in that version, a 404 that must not read as NO_SUCH_INSTANCE
        problemWithoutCode(send(sim, "POST", "/vmms/states", "1.0.0", body), 404);
        problemWithoutCode(send(sim, "POST", "/vmms/states", null, body), 400);
        problemWithoutCode(send(oldSim, "POST", "/vmms/states", "1.0.0", body), 404);
        problemWithoutCode(send(oldSim, "POST", "/vmms/states", "2.0.0", body), 400);

        List<String> ids = new ArrayList<>();
        IntStream.range(0, 1_001).forEach(i -> ids.add("\"" + UUID.randomUUID() + "\""));
        JsonNode tooMany = problem(send(sim, "POST", "/vmms/states", "2.0.0", "{\"ids\":[" + String.join(",", ids) + "]}"), 400);
        assertThat(tooMany.get("message").asText()).contains("at most 1000 ids");
        ids.remove(0);
        assertThat(send(sim, "POST", "/vmms/states", "2.0.0", "{\"ids\":[" + String.join(",", ids) + "]}").statusCode()).isEqualTo(200);
        problem(send(sim, "POST", "/vmms/states", "2.0.0", "{\"ids\":[\"nope\"]}"), 400);
        problem(send(sim, "POST", "/vmms/states", "2.0.0", "{\"ids\":null}"), 400);
    }

    @Test
    void healthAndMetrics() throws Exception {
        crashedVmm(sim);
        JsonNode health = mapper.readTree(send(sim, "GET", "/health", V2, null).body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("vmms").asInt()).isEqualTo(1);
        assertThat(health.get("api_versions").toString()).isEqualTo("[\"1.0.0\",\"2.0.0\"]");
        String metrics = send(sim, "GET", "/metrics", V2, null).body();
        assertThat(metrics).contains("sled_vmm_state_changes_total 3.0").contains("sled_vmms 1.0")
                .contains("route=\"/vmms/{id}/state\"");
    }
}
