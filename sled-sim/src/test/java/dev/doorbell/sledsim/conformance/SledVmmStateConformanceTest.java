package dev.doorbell.sledsim.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.sledsim.MigrationPeers;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's {@code GET /vmms/{id}/state} against omicron's {@code SledVmmState} schema from
 * the sled-agent OpenAPI document, version 48.0.0 (vendored fragment:
 * {@code omicron/sled-agent-48.0.0-SledVmmState.json}), field by field: every VMM state and every
 * migration state, on both sides of a migration, that the simulator can produce, read in both of
 * Doorbell's shapes. {@code 1.0.0} must be omicron's shape exactly (no member the schema does not
 * declare); {@code 2.0.0} adds one optional member, {@code vmm_state.failure_reason}, which is
 * Doorbell's own extension and not part of omicron's schema, so it is the only undeclared member
 * allowed there.
 */
class SledVmmStateConformanceTest {
    private static final String SCHEMA = "/omicron/sled-agent-48.0.0-SledVmmState.json";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenApiSchemaCheck schema = OpenApiSchemaCheck.fromResource(SCHEMA);
    /** Every answer read, in both versions, after every step. */
    private final List<JsonNode> v1Answers = new ArrayList<>();
    private final List<JsonNode> v2Answers = new ArrayList<>();
    private SledSimulator source;
    private SledSimulator target;

    @BeforeEach
    void start() {
        SledSimConfig explicit = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
        source = SledSimulator.start(explicit, null, Clock.systemUTC(), MigrationPeers.none());
        target = SledSimulator.start(SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null,
                Clock.systemUTC(), MigrationPeers.none());
    }

    @AfterEach
    void stop() {
        source.close();
        target.close();
    }

    @Test
    void everyStateTheSimulatorProducesConformsToOmicronsSledVmmState() throws Exception {
        // start, reboot, stop
        UUID vm = ensure(source, null);
        send(source, "PUT", "/vmms/" + vm + "/state", "{\"requested\":\"running\"}");
        poke(source, vm);
        send(source, "PUT", "/vmms/" + vm + "/state", "{\"requested\":\"reboot\"}");
        read(source, vm);
        poke(source, vm);
        send(source, "PUT", "/vmms/" + vm + "/state", "{\"requested\":\"stopped\"}");
        read(source, vm);
        poke(source, vm);
        poke(source, vm);

        // a crash
        UUID crashed = running(source);
        send(source, "POST", "/vmms/" + crashed + "/fault", "{\"reason\":\"propolis_crashed\"}");
        read(source, crashed);

        // a migration that completes: both sides through pending, in_progress, completed
        migrate(true);
        // a migration that fails: both sides crash while it is pending
        migrate(false);

        Set<VmmState> vmmStates = EnumSet.noneOf(VmmState.class);
        Set<MigrationState> inStates = EnumSet.noneOf(MigrationState.class);
        Set<MigrationState> outStates = EnumSet.noneOf(MigrationState.class);
        for (JsonNode answer : v1Answers) {
            OpenApiSchemaCheck.Result result = schema.check("SledVmmState", answer);
            assertThat(result.violations()).as(answer.toString()).isEmpty();
            assertThat(result.undeclared()).as("1.0.0 is omicron's shape exactly: " + answer).isEmpty();
            vmmStates.add(VmmState.valueOf(answer.get("vmm_state").get("state").asText().toUpperCase(Locale.ROOT)));
            collect(answer.get("migration_in"), inStates);
            collect(answer.get("migration_out"), outStates);
        }
        boolean sawFailureReason = false;
        for (JsonNode answer : v2Answers) {
            OpenApiSchemaCheck.Result result = schema.check("SledVmmState", answer);
            assertThat(result.violations()).as(answer.toString()).isEmpty();
            assertThat(result.undeclared()).as("2.0.0 adds only Doorbell's failure_reason: " + answer)
                    .isSubsetOf("/vmm_state/failure_reason");
            sawFailureReason |= answer.get("vmm_state").hasNonNull("failure_reason");
        }
        assertThat(v2Answers).hasSameSizeAs(v1Answers).hasSizeGreaterThan(20);
        assertThat(sawFailureReason).as("a crash reports its reason in 2.0.0").isTrue();
        assertThat(vmmStates).as("every VMM state").containsExactlyInAnyOrder(VmmState.values());
        assertThat(inStates).as("every migration_in state").containsExactlyInAnyOrder(MigrationState.values());
        assertThat(outStates).as("every migration_out state").containsExactlyInAnyOrder(MigrationState.values());
    }

    @Test
    void theCheckRejectsWhatOmicronsSchemaRejectsAndAcceptsGenZero() throws Exception {
        String migration = "{\"migration_id\":\"" + UUID.randomUUID() + "\",\"state\":\"pending\",\"gen\":1,"
                + "\"time_updated\":\"2026-01-02T03:04:05Z\"}";
        assertThat(violations("{\"vmm_state\":{\"state\":\"running\",\"gen\":0,\"time_updated\":\"2026-01-02T03:04:05.123456Z\"},"
                + "\"migration_in\":" + migration + ",\"migration_out\":null}")).as("gen 0 is a valid Generation").isEmpty();
        for (String bad : List.of(
                "{}",
                "{\"vmm_state\":null}",
                "{\"vmm_state\":{\"state\":\"exploded\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":-1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":\"1\",\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1.5,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"yesterday\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"},"
                        + "\"migration_out\":{\"migration_id\":\"nope\",\"state\":\"pending\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"},"
                        + "\"migration_in\":{\"migration_id\":\"" + UUID.randomUUID() + "\",\"state\":\"paused\",\"gen\":1,"
                        + "\"time_updated\":\"2026-01-02T03:04:05Z\"}}")) {
            assertThat(violations(bad)).as(bad).isNotEmpty();
        }
    }

    private List<String> violations(String json) throws Exception {
        return schema.check("SledVmmState", mapper.readTree(json)).violations();
    }

    private void migrate(boolean completes) throws Exception {
        UUID instance = UUID.randomUUID();
        UUID from = running(source, instance);
        UUID migration = UUID.randomUUID();
        UUID to = ensure(target, "{\"instance_id\":\"" + instance + "\",\"migration_source\":{\"migration_id\":\"" + migration
                + "\",\"source_vmm_id\":\"" + from + "\"}}");
        send(source, "PUT", "/vmms/" + from + "/state", "{\"requested\":\"migrate_out\",\"migration_id\":\"" + migration
                + "\",\"target_vmm_id\":\"" + to + "\"}");
        read(source, from);
        read(target, to);
        if (completes) {
            for (int step = 0; step < 2; step++) {
                poke(source, from);
                poke(target, to);
            }
        } else {
            send(source, "POST", "/vmms/" + from + "/fault", null);
            send(target, "POST", "/vmms/" + to + "/fault", null);
            read(source, from);
            read(target, to);
        }
    }

    private UUID running(SledSimulator sled) throws Exception {
        return running(sled, UUID.randomUUID());
    }

    private UUID running(SledSimulator sled, UUID instance) throws Exception {
        UUID vmm = ensure(sled, "{\"instance_id\":\"" + instance + "\"}");
        send(sled, "PUT", "/vmms/" + vmm + "/state", "{\"requested\":\"running\"}");
        poke(sled, vmm);
        return vmm;
    }

    /** Ensures a new VMM ({@code body} null: a plain one) and reads its first state. */
    private UUID ensure(SledSimulator sled, String body) throws Exception {
        UUID vmm = UUID.randomUUID();
        send(sled, "PUT", "/vmms/" + vmm, body != null ? body : "{\"instance_id\":\"" + UUID.randomUUID() + "\"}");
        read(sled, vmm);
        return vmm;
    }

    private void poke(SledSimulator sled, UUID vmm) throws Exception {
        send(sled, "POST", "/vmms/" + vmm + "/poke", null);
        read(sled, vmm);
    }

    /** Reads the VMM's state in both versions, as a client of each would. */
    private void read(SledSimulator sled, UUID vmm) throws Exception {
        v1Answers.add(get(sled, vmm, ApiVersion.V1));
        v2Answers.add(get(sled, vmm, ApiVersion.V2));
    }

    private JsonNode get(SledSimulator sled, UUID vmm, ApiVersion version) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(sled.baseUrl() + "/vmms/" + vmm + "/state"))
                .header(ApiVersion.HEADER, version.toString()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return mapper.readTree(response.body());
    }

    private void send(SledSimulator sled, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sled.baseUrl() + path))
                .header(ApiVersion.HEADER, ApiVersion.V2.toString())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
    }

    private static void collect(JsonNode migration, Set<MigrationState> into) {
        if (migration != null && !migration.isNull()) {
            into.add(MigrationState.valueOf(migration.get("state").asText().toUpperCase(Locale.ROOT)));
        }
    }
}
