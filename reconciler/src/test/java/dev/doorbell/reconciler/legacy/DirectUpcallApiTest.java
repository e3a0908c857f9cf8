package dev.doorbell.reconciler.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.Json;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The direct-upcall baseline endpoint over real HTTP against a real, fresh PostgreSQL database. */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class DirectUpcallApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = Json.mapper();

    private static Database database;
    private static HttpService http;

    @BeforeAll
    static void start(PostgresServer postgres) throws SQLException {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        database = Database.open(new Database.Config(url, postgres.user(), postgres.password(), 4, Duration.ofSeconds(2)));
        http = new DirectUpcallApi(new ObservationApplier(database.dataSource()))
                .register(HttpService.builder(HttpServiceConfig.defaults("direct-upcall-test", 0)))
                .objectMapper(Json.mapper())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static String state(String state, long gen, String timeUpdated) {
        return """
                {"vmm_state": {"state": "%s", "gen": %d, "time_updated": "%s"}, "migration_in": null, "migration_out": null}"""
                .formatted(state, gen, timeUpdated);
    }

    private static HttpResponse<String> put(String id, String body, String sledId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.baseUrl() + "/v1/legacy/vmms/" + id))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (sledId != null) {
            request.header("sled-id", sledId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    record Row(String state, long gen, UUID sledId, String source) {}

    private static Row row(UUID vmm) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT state, state_generation, sled_id, last_source FROM vmm WHERE id = ?")) {
            st.setObject(1, vmm);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4)) : null;
            }
        }
    }

    /** The VMM's row as the control plane inserts it when it starts one. */
    private static void placed(UUID vmm, UUID sled) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated,"
                     + " last_source, last_observed_at) VALUES (?, ?, 'creating', 1, '2025-01-01Z', 'control-plane', '2025-01-01Z')")) {
            st.setObject(1, vmm);
            st.setObject(2, sled);
            st.executeUpdate();
        }
    }

    @Test
    void appliesNewerGenerationsAndIgnoresStaleOnes() throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        placed(vmm, sled);

        assertThat(put(vmm.toString(), state("starting", 2, "2026-01-01T00:00:01Z"), sled.toString()).statusCode()).isEqualTo(204);
        assertThat(row(vmm)).isEqualTo(new Row("starting", 2, sled, DirectUpcallApi.SOURCE));

        assertThat(put(vmm.toString(), state("running", 4, "2026-01-01T00:00:03Z"), sled.toString()).statusCode()).isEqualTo(204);
        assertThat(row(vmm)).isEqualTo(new Row("running", 4, sled, DirectUpcallApi.SOURCE));

        // a stale upcall (an older generation arriving late) is answered 204 and changes nothing
        assertThat(put(vmm.toString(), state("stopping", 3, "2026-01-01T00:00:02Z"), sled.toString()).statusCode()).isEqualTo(204);
        assertThat(row(vmm)).isEqualTo(new Row("running", 4, sled, DirectUpcallApi.SOURCE));
    }

    @Test
    void withoutSledIdHeaderTheRowKeepsTheSledTheControlPlaneRecorded() throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        placed(vmm, sled);
        assertThat(put(vmm.toString(), state("running", 2, "2026-01-01T00:00:01Z"), null).statusCode()).isEqualTo(204);
        assertThat(row(vmm)).isEqualTo(new Row("running", 2, sled, DirectUpcallApi.SOURCE));
    }

    @Test
    void anUnknownVmmIsA404ProblemAndNoRow() throws Exception {
        UUID vmm = UUID.randomUUID();

        HttpResponse<String> response = put(vmm.toString(), state("running", 2, "2026-01-01T00:00:01Z"), UUID.randomUUID().toString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(vmm.toString());
        assertThat(row(vmm)).isNull();
    }

    @Test
    void badBodiesAre400Problems() throws Exception {
        UUID vmm = UUID.randomUUID();
        for (String body : new String[] {"not json", "{}", state("sleeping", 1, "2026-01-01T00:00:01Z"),
                "{\"vmm_state\": {\"state\": \"running\", \"gen\": 1}}"}) {
            HttpResponse<String> response = put(vmm.toString(), body, null);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asText()).isNotBlank();
        }
        assertThat(row(vmm)).isNull();
    }

    @Test
    void nonUuidIdsAndSledIdsAre400() throws Exception {
        HttpResponse<String> badId = put("not-a-uuid", state("running", 1, "2026-01-01T00:00:01Z"), null);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).path("status").asInt()).isEqualTo(400);

        UUID vmm = UUID.randomUUID();
        HttpResponse<String> badSled = put(vmm.toString(), state("running", 1, "2026-01-01T00:00:01Z"), "sled-7");
        assertThat(badSled.statusCode()).isEqualTo(400);
        assertThat(row(vmm)).isNull();
    }
}
