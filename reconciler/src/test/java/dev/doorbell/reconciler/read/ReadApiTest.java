package dev.doorbell.reconciler.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.Json;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("servers")
@ExtendWith(PostgresExtension.class)
class ReadApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = Json.mapper();

    private Database database;
    private HttpService http;

    @BeforeEach
    void start(PostgresServer postgres) throws SQLException {
        database = TestDatabases.create(postgres);
        http = new ReadApi(new ReadModel(database.dataSource()))
                .register(HttpService.builder(HttpServiceConfig.defaults("read-test", 0)))
                .objectMapper(Json.mapper())
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        http.close();
        database.close();
    }

    record Reply(int status, JsonNode body) {}

    private Reply get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    @Test
    void pagesThroughAllInstancesInIdOrderWithTokensAndAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(insertInstance("i-" + i, "no_vmm", null, null).toString());
        }
        ids.sort(null); // canonical lowercase text sorts as PostgreSQL sorts uuids

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Reply page = get("/v1/instances?limit=10" + (token == null ? "" : "&page_token=" + token));
            assertThat(page.status()).isEqualTo(200);
            page.body().get("items").forEach(item -> seen.add(item.get("id").asText()));
            token = page.body().get("next_page_token").isNull() ? null : page.body().get("next_page_token").asText();
            pages++;
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids);

        Reply after = get("/v1/instances?limit=5&after=" + ids.get(19));
        assertThat(after.body().get("items")).extracting(n -> n.get("id").asText()).containsExactlyElementsOf(ids.subList(20, 25));
        assertThat(after.body().get("next_page_token").isNull()).as("exactly the last five: no next page").isTrue();

        Reply all = get("/v1/instances");
        assertThat(all.body().get("items")).hasSize(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "limit=", "after=nope", "page_token=%2F%2F",
            "page_token=bm90LWEtdG9rZW4", "after=3b241101-e2bb-4255-8caf-4136c566a962&page_token=x"})
    void rejectsBadPagingWith400(String query) throws Exception {
        Reply reply = get("/v1/instances?" + query);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("status").asInt()).isEqualTo(400);
    }

    @Test
    void instanceShowsItsActiveVmmsStateGenerationAndSled() throws Exception {
        UUID sled = insertSled("active");
        UUID vmm = UUID.randomUUID();
        UUID instance = insertInstance("web", "vmm", vmm, null);
        insertVmm(vmm, instance, sled, "running", 4, null);

        JsonNode body = get("/v1/instances/" + instance).body();

        assertThat(body.get("state").asText()).isEqualTo("running");
        assertThat(body.get("instance_state").asText()).isEqualTo("vmm");
        assertThat(body.get("active_vmm_id").asText()).isEqualTo(vmm.toString());
        assertThat(body.get("active_vmm_gen").asLong()).isEqualTo(4);
        assertThat(body.get("active_vmm_sled_id").asText()).isEqualTo(sled.toString());
        assertThat(body.get("name").asText()).isEqualTo("web");
        assertThat(Instant.parse(body.get("time_created").asText())).isNotNull();
    }

    @Test
    void effectiveStateWithoutAVmmAndWithAStoppedOrFailedOne() throws Exception {
        UUID sled = insertSled("active");
        UUID stopped = insertInstance("never-started", "no_vmm", null, null);
        UUID failed = insertInstance("crashed", "failed", null, "from_sled_agent");
        UUID stoppingVmm = UUID.randomUUID();
        UUID stopping = insertInstance("stopping", "vmm", stoppingVmm, null);
        insertVmm(stoppingVmm, stopping, sled, "stopped", 5, null);
        UUID failedVmm = UUID.randomUUID();
        UUID failing = insertInstance("failing", "vmm", failedVmm, null);
        insertVmm(failedVmm, failing, sled, "failed", 3, "no_such_instance");
        UUID creatingVmm = UUID.randomUUID();
        UUID starting = insertInstance("starting", "vmm", creatingVmm, null);
        insertVmm(creatingVmm, starting, sled, "creating", 1, null);

        assertThat(get("/v1/instances/" + stopped).body().get("state").asText()).isEqualTo("stopped");
        assertThat(get("/v1/instances/" + stopped).body().get("active_vmm_id").isNull()).isTrue();
        JsonNode crashed = get("/v1/instances/" + failed).body();
        assertThat(crashed.get("state").asText()).isEqualTo("failed");
        assertThat(crashed.get("failure_reason").asText()).isEqualTo("from_sled_agent");
        assertThat(get("/v1/instances/" + stopping).body().get("state").asText()).isEqualTo("stopping");
        JsonNode failingBody = get("/v1/instances/" + failing).body();
        assertThat(failingBody.get("state").asText()).as("failed only once the VMM is unlinked, as omicron").isEqualTo("stopping");
        assertThat(failingBody.get("failure_reason").asText()).isEqualTo("no_such_instance");
        JsonNode startingBody = get("/v1/instances/" + starting).body();
        assertThat(startingBody.get("state").asText()).isEqualTo("starting");
        assertThat(startingBody.get("active_vmm_state").asText()).isEqualTo("creating");
    }

    @Test
    void vmmAndSledsAreReadable() throws Exception {
        UUID sled = insertSled("off");
        UUID vmm = UUID.randomUUID();
        insertVmm(vmm, null, sled, "starting", 1, null);

        JsonNode v = get("/v1/vmms/" + vmm).body();
        assertThat(v.get("state").asText()).isEqualTo("starting");
        assertThat(v.get("gen").asLong()).isEqualTo(1);
        assertThat(v.get("sled_id").asText()).isEqualTo(sled.toString());
        assertThat(v.get("instance_id").isNull()).isTrue();
        assertThat(v.get("last_source").asText()).isEqualTo("fetch");

        JsonNode sleds = get("/v1/sleds").body();
        assertThat(sleds.get("items")).hasSize(1);
        assertThat(sleds.get("items").get(0).get("state").asText()).isEqualTo("off");
        assertThat(sleds.get("items").get(0).get("api_versions")).extracting(JsonNode::asText).containsExactly("1.0.0", "2.0.0");
        assertThat(get("/v1/sleds/" + sled).body().get("address").asText()).isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void vmmsAreListedInPagesFilteredBySledAndState() throws Exception {
        UUID one = insertSled("active");
        UUID two = insertSled("active");
        List<String> runningOnOne = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID vmm = UUID.randomUUID();
            insertVmm(vmm, null, one, "running", 3, null);
            runningOnOne.add(vmm.toString());
        }
        UUID failedOnOne = UUID.randomUUID();
        insertVmm(failedOnOne, null, one, "failed", 4, "from_sled_agent");
        UUID runningOnTwo = UUID.randomUUID();
        insertVmm(runningOnTwo, null, two, "running", 2, null);
        runningOnOne.sort(null);

        assertThat(ids(get("/v1/vmms"))).hasSize(7);
        assertThat(ids(get("/v1/vmms?sled=" + two))).containsExactly(runningOnTwo.toString());
        assertThat(ids(get("/v1/vmms?state=failed"))).containsExactly(failedOnOne.toString());
        assertThat(ids(get("/v1/vmms?state=running"))).hasSize(6);

        Reply first = get("/v1/vmms?sled=" + one + "&state=running&limit=3");
        assertThat(ids(first)).containsExactlyElementsOf(runningOnOne.subList(0, 3));
        Reply second = get("/v1/vmms?sled=" + one + "&state=running&limit=3&page_token=" + first.body().get("next_page_token").asText());
        assertThat(ids(second)).containsExactlyElementsOf(runningOnOne.subList(3, 5));
        assertThat(second.body().get("next_page_token").isNull()).isTrue();
        assertThat(second.body().get("items").get(0).get("gen").asLong()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sled=nope", "state=RUNNING", "state=asleep", "state=", "sled=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"})
    void rejectsBadVmmFiltersWith400NamingWhatIsAccepted(String query) throws Exception {
        Reply reply = get("/v1/vmms?" + query);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("detail").asText()).containsAnyOf("sled must be a UUID", "state must be one of starting");
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.body().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/instances/", "/v1/vmms/", "/v1/sleds/"})
    void unknownIdsAre404AndMalformedOnes400(String prefix) throws Exception {
        Reply unknown = get(prefix + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asText()).startsWith("no ");
        assertThat(get(prefix + "not-a-uuid").status()).isEqualTo(400);
    }

    private UUID insertSled(String state) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO sled (id, address, api_versions, state) VALUES (?, 'http://127.0.0.1:1', '{1.0.0,2.0.0}', ?)")) {
            st.setObject(1, id);
            st.setString(2, state);
            st.executeUpdate();
        }
        return id;
    }

    private UUID insertInstance(String name, String state, UUID activeVmm, String failureReason) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO instance (id, name, state, active_vmm_id, failure_reason) VALUES (?, ?, ?, ?, ?)")) {
            st.setObject(1, id);
            st.setString(2, name);
            st.setString(3, state);
            st.setObject(4, activeVmm);
            st.setString(5, failureReason);
            st.executeUpdate();
        }
        return id;
    }

    private void insertVmm(UUID id, UUID instance, UUID sled, String state, long gen, String failureReason) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO vmm (id, instance_id, sled_id, state, state_generation, time_state_updated, failure_reason,
                                 last_source, last_observed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'fetch', ?)""")) {
            st.setObject(1, id);
            st.setObject(2, instance);
            st.setObject(3, sled);
            st.setString(4, state);
            st.setLong(5, gen);
            st.setTimestamp(6, Timestamp.from(Instant.now()));
            st.setString(7, failureReason);
            st.setTimestamp(8, Timestamp.from(Instant.now()));
            st.executeUpdate();
        }
    }
}
