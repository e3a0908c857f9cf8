package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SledVmmStateJsonTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");
    private final ObjectMapper mapper = Json.mapper();

    private static SledVmmState failedMigrating() {
        UUID migration = UUID.fromString("11111111-2222-3333-4444-555555555555");
        return new SledVmmState(
                new VmmRuntimeState(VmmState.FAILED, 7, T, "propolis_crashed"),
                null,
                new MigrationRuntimeState(migration, MigrationState.IN_PROGRESS, 2, T));
    }

    @Test
    void roundTripsWithOmicronFieldNames() throws Exception {
        SledVmmState state = failedMigrating();
        String json = mapper.writeValueAsString(state);
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.get("vmm_state").get("state").asText()).isEqualTo("failed");
        assertThat(tree.get("vmm_state").get("gen").asLong()).isEqualTo(7);
        assertThat(tree.get("vmm_state").get("time_updated").asText()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(tree.get("vmm_state").get("failure_reason").asText()).isEqualTo("propolis_crashed");
        assertThat(tree.get("migration_in").isNull()).isTrue();
        assertThat(tree.get("migration_out").get("state").asText()).isEqualTo("in_progress");
        assertThat(mapper.readValue(json, SledVmmState.class)).isEqualTo(state);
        assertThat(Json.strictMapper().readValue(json, SledVmmState.class)).isEqualTo(state);
    }

    @Test
    void v1ShapeDropsFailureReasonAndV2KeepsIt() throws Exception {
        SledVmmState state = failedMigrating();
        JsonNode v1 = mapper.valueToTree(state.inShapeOf(ApiVersion.V1));
        JsonNode v2 = mapper.valueToTree(state.inShapeOf(ApiVersion.V2));
        assertThat(v1.get("vmm_state").has("failure_reason")).isFalse();
        assertThat(v2.get("vmm_state").get("failure_reason").asText()).isEqualTo("propolis_crashed");
        assertThat(state.inShapeOf(ApiVersion.V2)).isSameAs(state);
    }

    @Test
    void absentFailureReasonIsOmitted() {
        JsonNode tree = mapper.valueToTree(new SledVmmState(new VmmRuntimeState(VmmState.RUNNING, 1, T)));
        assertThat(tree.get("vmm_state").has("failure_reason")).isFalse();
    }

    @Test
    void tolerantMapperIgnoresUnknownFields() throws Exception {
        String json = """
                {"vmm_state":{"state":"running","gen":3,"time_updated":"2026-01-02T03:04:05Z","new_field":1},"extra":true}""";
        assertThat(mapper.readValue(json, SledVmmState.class).vmmState().gen()).isEqualTo(3);
    }

    @Test
    void theIdKeyedMapperReadsABulkAnswerAsTheTolerantOneDoesWithoutInterningItsKeys() throws Exception {
        Map<UUID, SledVmmState> vmms = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            vmms.put(UUID.randomUUID(), new SledVmmState(new VmmRuntimeState(VmmState.RUNNING, i, T)));
        }
        vmms.put(UUID.randomUUID(), failedMigrating());
        byte[] answer = mapper.writeValueAsBytes(new VmmStatesResponse(vmms, List.of(UUID.randomUUID())));
        ObjectMapper idKeyed = Json.idKeyedMapper();

        assertThat(idKeyed.readValue(answer, VmmStatesResponse.class)).isEqualTo(mapper.readValue(answer, VmmStatesResponse.class));
        assertThat(idKeyed.getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isFalse();
        assertThat(idKeyed.getFactory().isEnabled(JsonFactory.Feature.INTERN_FIELD_NAMES)).isFalse();
        assertThat(idKeyed.readValue("{\"vmms\":{},\"unknown_ids\":[],\"new_field\":1}", VmmStatesResponse.class).vmms())
                .as("tolerant of a newer sled's fields").isEmpty();
    }

    @Test
    void strictV1ReaderAcceptsAValidV1Body() {
        String json = """
                {"vmm_state":{"state":"stopping","gen":2,"time_updated":"2026-01-02T03:04:05+01:00"},"migration_in":null}""";
        SledVmmState state = new SledVmmStateReader(ApiVersion.V1).read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(state.vmmState().state()).isEqualTo(VmmState.STOPPING);
        assertThat(state.vmmState().timeUpdated()).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
    }

    @Test
    void strictReaderRejectsBadInput() {
        SledVmmStateReader v1 = new SledVmmStateReader(ApiVersion.V1);
        String good = "{\"state\":\"running\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}";
        String[] bad = {
                "{\"vmm_state\":{\"state\":\"exploded\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"RUNNING\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":2,\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":-1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":\"1\",\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1.5,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"yesterday\"}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":12345}}",
                "{\"vmm_state\":{\"state\":\"running\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\",\"failure_reason\":\"x\"}}",
                "{\"vmm_state\":" + good + ",\"surprise\":1}",
                "{\"vmm_state\":" + good + ",\"migration_in\":{\"migration_id\":\"not-a-uuid\",\"state\":\"pending\",\"gen\":1,\"time_updated\":\"2026-01-02T03:04:05Z\"}}",
                "{\"vmm_state\":" + good + "} trailing",
                "{\"vmm_state\":" + good + ",\"vmm_state\":" + good + "}",
                "{}",
                "[]",
                "null",
                "",
                "{\"vmm_state\":",
        };
        List<String> accepted = new ArrayList<>();
        for (String body : bad) {
            try {
                v1.read(body.getBytes(StandardCharsets.UTF_8));
                accepted.add(body);
            } catch (SledVmmStateReader.InvalidSledVmmStateException expected) {
                // the point
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void strictV2ReaderAcceptsFailureReason() {
        String json = "{\"vmm_state\":{\"state\":\"failed\",\"gen\":4,\"time_updated\":\"2026-01-02T03:04:05Z\",\"failure_reason\":\"sled_restarted\"}}";
        assertThat(new SledVmmStateReader(ApiVersion.V2).read(json.getBytes(StandardCharsets.UTF_8)).vmmState().failureReason())
                .isEqualTo("sled_restarted");
    }

    @Test
    void genZeroIsValidAsOmicronsSchemaAllowsIt() throws Exception {
        // omicron's Generation: {"type":"integer","format":"uint64","minimum":0}
        String json = "{\"vmm_state\":{\"state\":\"starting\",\"gen\":0,\"time_updated\":\"2026-01-02T03:04:05Z\"},"
                + "\"migration_in\":{\"migration_id\":\"" + UUID.randomUUID() + "\",\"state\":\"pending\",\"gen\":0,"
                + "\"time_updated\":\"2026-01-02T03:04:05Z\"},\"migration_out\":null}";
        SledVmmState strict = new SledVmmStateReader(ApiVersion.V1).read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(strict.vmmState().gen()).isZero();
        assertThat(strict.migrationIn().gen()).isZero();
        assertThat(Json.mapper().readValue(json, SledVmmState.class).vmmState().gen()).isZero();
    }
}
