package dev.doorbell.reconciler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.kafka.TopicTail;
import dev.doorbell.model.Json;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.reconciler.read.ReadApi;
import dev.doorbell.reconciler.read.ReadModel;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control API against a real PostgreSQL, broker and registry, calling real simulated sleds over
 * HTTP. Each test has its own database; the class shares topics and sleds (VMM ids are unique).
 */
@Tag("servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({PostgresExtension.class, KafkaExtension.class, RegistryExtension.class})
class ControlApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PipelineTopics topics;
    private DirectoryPublisher directory;
    private SchemaRegistryClient registry;
    private ObservationPublisher observations;
    private TopicTail<String, String> placements;
    private TopicTail<String, String> sledRecords;
    private TopicTail<String, VmmStateObservation> states;
    private SledSimulator sledA;
    private SledSimulator sledB;

    private Database database;
    private HttpService http;

    @BeforeAll
    void pipeline(KafkaCluster kafka, RegistryServer registryServer) throws Exception {
        topics = PipelineTopics.suffixed("-" + UUID.randomUUID());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topics.ensure(admin, 1, (short) 1);
        }
        directory = new DirectoryPublisher(kafka.bootstrapServers(), topics.sleds(), topics.placements(), Map.of());
        registry = new SchemaRegistryClient(RegistryConfig.of(registryServer.ccompatUrl()));
        observations = new ObservationPublisher(new ObservationProducerConfig(kafka.bootstrapServers(), topics.states(),
                "control-test", Map.of()), registry, true);
        placements = new TopicTail<>(kafka.bootstrapServers(), topics.placements(), new StringDeserializer(), new StringDeserializer());
        sledRecords = new TopicTail<>(kafka.bootstrapServers(), topics.sleds(), new StringDeserializer(), new StringDeserializer());
        states = new TopicTail<>(kafka.bootstrapServers(), topics.states(), new StringDeserializer(),
                AvroDeserializer.specific(registry, VmmStateObservation.class));
        sledA = SledSimulator.start(SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
        sledB = SledSimulator.start(SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
    }

    @AfterAll
    void closePipeline() {
        sledA.close();
        sledB.close();
        states.close();
        placements.close();
        sledRecords.close();
        observations.close();
        directory.close();
        registry.close();
    }

    @BeforeEach
    void controlPlane(PostgresServer postgres) throws SQLException {
        database = TestDatabases.create(postgres);
        ControlSettings settings = new ControlSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(20));
        DirectoryWriter writer = DirectoryWriter.of(directory);
        SledAgentClient client = new SledAgentClient(settings.sledConnectTimeout(), settings.sledRequestTimeout());
        ControlResponses responses = new ControlResponses(observations::publish, Clock.systemUTC(), settings.publishTimeout());
        ControlApi control = new ControlApi(new SledRegistry(database.dataSource(), writer, settings.publishTimeout()),
                new InstanceLifecycle(database.dataSource(), writer, client, responses, settings, Clock.systemUTC()));
        HttpService.Builder builder = HttpService.builder(HttpServiceConfig.defaults("control-test", 0)).objectMapper(Json.mapper());
        control.register(builder);
        new ReadApi(new ReadModel(database.dataSource())).register(builder);
        http = builder.build().start();
    }

    @AfterEach
    void closeControlPlane() {
        http.close();
        database.close();
    }

    // ---- sleds -----------------------------------------------------------------------------------

    @Test
    void registeringASledWritesItsRowAndPublishesItsRecord() throws Exception {
        UUID id = UUID.randomUUID();
        Reply first = send("PUT", "/v1/sleds/" + id, "{\"address\": \"http://127.0.0.1:9\", \"api_versions\": [\"1.0.0\", \"2.0.0\"]}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("state").asText()).isEqualTo("active");

        Reply again = send("PUT", "/v1/sleds/" + id, "{\"address\": \"http://127.0.0.1:10\", \"api_versions\": [\"1.0.0\"]}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("address").asText()).isEqualTo("http://127.0.0.1:10");
        assertThat(again.body().get("api_versions")).extracting(JsonNode::asText).containsExactly("1.0.0");
        assertThat(count("SELECT count(*) FROM sled")).isEqualTo(1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(sledRecords.recordsWithKey(id.toString())).hasSize(2));
        SledRecord record = JSON.readValue(sledRecords.recordsWithKey(id.toString()).get(1).value(), SledRecord.class);
        assertThat(record).isEqualTo(new SledRecord(id, URI.create("http://127.0.0.1:10"), List.of("1.0.0")));
    }

    @Test
    void offAndExpungeChangeTheSledAndExpungedIsFinal() throws Exception {
        UUID id = register(sledA);
        assertThat(send("POST", "/v1/sleds/" + id + "/off", null).body().get("state").asText()).isEqualTo("off");
        assertThat(register(sledA)).isEqualTo(id);
        assertThat(send("GET", "/v1/sleds/" + id, null).body().get("state").asText()).as("re-registered: on again").isEqualTo("active");
        assertThat(send("POST", "/v1/sleds/" + id + "/expunge", null).body().get("state").asText()).isEqualTo("expunged");
        assertThat(send("POST", "/v1/sleds/" + id + "/off", null).status()).isEqualTo(409);
        assertThat(registration(id, sledA.baseUrl()).status()).isEqualTo(409);
        assertThat(send("GET", "/v1/sleds/" + id, null).body().get("state").asText()).isEqualTo("expunged");

        // the directory says so too, so the fetcher stops calling the sled; an active sled's record has no such field
        SledRecord expunged = new SledRecord(id, URI.create(sledA.baseUrl()), List.of("1.0.0", "2.0.0"), true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(JSON.readValue(
                sledRecords.recordsWithKey(id.toString()).getLast().value(), SledRecord.class)).isEqualTo(expunged));
        List<String> published = sledRecords.recordsWithKey(id.toString()).stream().map(r -> r.value()).toList();
        assertThat(published.get(published.size() - 2)).as("the registration before").doesNotContain("expunged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/off", "/expunge"})
    void sledStateChangesOfUnknownSledsAre404(String action) throws Exception {
        assertProblem(send("POST", "/v1/sleds/" + UUID.randomUUID() + action, null), 404);
        assertProblem(send("POST", "/v1/sleds/12345" + action, null), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"address\": \"ftp://127.0.0.1:9\"}",
            "{\"address\": \"not a url\"}",
            "{\"address\": \"http://127.0.0.1:9\", \"api_versions\": [\"2.0\"]}",
            "{\"address\": \"http://127.0.0.1:9\", \"api_versions\": \"2.0.0\"}",
            "{\"api_versions\": [\"2.0.0\"]}",
            "{\"address\": \"http://127.0.0.1:9\", \"colour\": \"blue\"}",
            "{\"address\": \"http://127.0.0.1:9\"",
            ""})
    void badSledRegistrationsAre400AndWriteNothing(String body) throws Exception {
        assertProblem(send("PUT", "/v1/sleds/" + UUID.randomUUID(), body), 400);
        assertThat(count("SELECT count(*) FROM sled")).isZero();
    }

    // ---- create ----------------------------------------------------------------------------------

    @Test
    void createsAnInstanceAndRefusesADuplicateName() throws Exception {
        Reply created = send("POST", "/v1/instances", "{\"name\": \"web-1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asText()).isEqualTo("web-1");
        assertThat(created.body().get("state").asText()).isEqualTo("stopped");
        assertThat(created.body().get("instance_state").asText()).isEqualTo("no_vmm");
        assertThat(created.location()).isEqualTo("/v1/instances/" + created.body().get("id").asText());

        assertProblem(send("POST", "/v1/instances", "{\"name\": \"web-1\"}"), 409);
        assertThat(count("SELECT count(*) FROM instance")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"\"}", "{\"name\": \"Web\"}", "{\"name\": \"-web\"}", "{\"name\": 7}",
            "{}", "{\"name\": \"web\", \"size\": 2}", "[]", "nope"})
    void badInstanceCreationsAre400(String body) throws Exception {
        assertProblem(send("POST", "/v1/instances", body), 400);
        assertThat(count("SELECT count(*) FROM instance")).isZero();
    }

    // ---- start -----------------------------------------------------------------------------------

    @Test
    void startPlacesTheVmmBeforeCallingTheSledThenRecordsAndPublishesItsAnswer() throws Exception {
        UUID sled = register(sledA);
        UUID instance = create("app");

        Reply started = send("POST", "/v1/instances/" + instance + "/start", null);

        assertThat(started.status()).isEqualTo(200);
        UUID vmm = UUID.fromString(started.body().get("vmm_id").asText());
        assertThat(started.body().get("sled_id").asText()).isEqualTo(sled.toString());
        assertThat(started.body().at("/sled_state/vmm_state/state").asText()).isEqualTo("starting");
        assertThat(started.body().at("/instance/state").asText()).isEqualTo("starting");
        assertThat(started.body().at("/instance/active_vmm_id").asText()).isEqualTo(vmm.toString());

        // the sled knows the VMM, and its placement was acknowledged before the sled created it
        SledVmmState onSled = sledA.sled().state(vmm).orElseThrow();
        assertThat(onSled.vmmState().state()).isEqualTo(VmmState.STARTING);
        await().atMost(WAIT).untilAsserted(() -> assertThat(placements.recordsWithKey(vmm.toString())).hasSize(1));
        ConsumerRecord<String, String> placement = placements.recordsWithKey(vmm.toString()).get(0);
        assertThat(placement.value()).isEqualTo(sled.toString());
        assertThat(placement.timestamp()).isLessThanOrEqualTo(onSled.vmmState().timeUpdated().toEpochMilli());

        // the row, linked to the instance
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT v.instance_id, v.sled_id, v.state, v.state_generation, v.last_source, i.state, i.active_vmm_id "
                        + "FROM vmm v JOIN instance i ON i.id = v.instance_id WHERE v.id = ?")) {
            st.setObject(1, vmm);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(instance);
                assertThat(rs.getObject(2, UUID.class)).isEqualTo(sled);
                // the sled's answer is applied at once if it is newer than the row's generation 1 (a sled
                // registers a VMM at generation 2; one that starts it at 1 reports it first when it moves on)
                boolean newer = onSled.vmmState().gen() > 1;
                assertThat(rs.getString(3)).isEqualTo(newer ? "starting" : "creating");
                assertThat(rs.getLong(4)).isEqualTo(newer ? onSled.vmmState().gen() : 1);
                assertThat(rs.getString(5)).isEqualTo(newer ? "control-response" : "control-plane");
                assertThat(rs.getString(6)).isEqualTo("vmm");
                assertThat(rs.getObject(7, UUID.class)).isEqualTo(vmm);
            }
        }

        // the answer as a control-response observation
        VmmStateObservation observation = awaitObservation(vmm, 1);
        assertThat(observation.getSource()).isEqualTo(ObservationSource.control_response);
        assertThat(observation.getSledId()).isEqualTo(sled);
        assertThat(observation.getSledApiVersion()).isEqualTo("2.0.0");
        assertThat(stateIn(observation).vmmState().state()).isEqualTo(VmmState.STARTING);
        assertThat(stateIn(observation).vmmState().gen()).isEqualTo(onSled.vmmState().gen());

        // the read API agrees
        JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
        assertThat(read.get("state").asText()).isEqualTo("starting");
        assertThat(read.get("active_vmm_gen").asLong()).isEqualTo(Math.max(1, onSled.vmmState().gen()));
    }

    @Test
    void startChoosesTheActiveSledWithTheFewestVmms() throws Exception {
        UUID a = register(sledA);
        UUID b = register(sledB);
        UUID first = startedOn(create("one"), null);
        UUID second = startedOn(create("two"), null);
        assertThat(List.of(first, second)).containsExactlyInAnyOrder(a, b);

        send("POST", "/v1/sleds/" + a + "/off", null);
        assertThat(startedOn(create("three"), null)).as("only active sleds").isEqualTo(b);
    }

    @Test
    void startingAnInstanceThatRunsIsAConflict() throws Exception {
        register(sledA);
        UUID instance = create("twice");
        assertThat(send("POST", "/v1/instances/" + instance + "/start", null).status()).isEqualTo(200);

        assertProblem(send("POST", "/v1/instances/" + instance + "/start", null), 409);
        assertThat(count("SELECT count(*) FROM vmm")).isEqualTo(1);
    }

    @Test
    void badStartsAre404Or400Or409Or503() throws Exception {
        UUID instance = create("picky");
        assertProblem(send("POST", "/v1/instances/" + UUID.randomUUID() + "/start", null), 404);
        assertProblem(send("POST", "/v1/instances/not-a-uuid/start", null), 400);
        assertProblem(send("POST", "/v1/instances/" + instance + "/start", null), 503); // no sled registered
        UUID sled = register(sledA);
        assertProblem(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + UUID.randomUUID() + "\"}"), 404);
        assertProblem(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"nope\"}"), 400);
        assertProblem(send("POST", "/v1/instances/" + instance + "/start", "{\"sled\": \"" + sled + "\"}"), 400);
        send("POST", "/v1/sleds/" + sled + "/off", null);
        assertProblem(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + sled + "\"}"), 409);
        assertThat(count("SELECT count(*) FROM vmm")).isZero();
    }

    @Test
    void aSledThatDoesNotAnswerIs502AndTheStartIsUnwound() throws Exception {
        UUID dead = UUID.randomUUID();
        assertThat(registration(dead, "http://127.0.0.1:" + deadPort()).status()).isEqualTo(201);
        UUID instance = create("unlucky");

        Reply reply = send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + dead + "\"}");

        assertProblem(reply, 502);
        assertThat(reply.body().get("detail").asText()).contains(dead.toString()).contains("unreachable");
        assertThat(reply.body().get("sled_id").asText()).isEqualTo(dead.toString());
        assertThat(count("SELECT count(*) FROM vmm")).as("the creating row is removed").isZero();
        JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
        assertThat(read.get("instance_state").asText()).isEqualTo("no_vmm");
        assertThat(read.get("active_vmm_id").isNull()).isTrue();

        UUID alive = register(sledA);
        assertThat(startedOn(instance, alive)).as("startable again").isEqualTo(alive);
    }

    @Test
    void aSledThatHangsIs504AndTheStartIsUnwound() throws Exception {
        UUID hung = UUID.randomUUID();
        try (DropshotSled sled = DropshotSled.hanging(Duration.ofSeconds(30))) {
            assertThat(registration(hung, sled.baseUrl()).status()).isEqualTo(201);
            UUID instance = create("patient");

            Reply reply = send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + hung + "\"}");

            assertProblem(reply, 504);
            assertThat(reply.body().get("sled_id").asText()).isEqualTo(hung.toString());
            assertThat(count("SELECT count(*) FROM vmm")).isZero();
            assertThat(send("GET", "/v1/instances/" + instance, null).body().get("instance_state").asText()).isEqualTo("no_vmm");
        }
    }

    @Test
    void theVmmRowIsCommittedAsCreatingBeforeTheSledIsCalled() throws Exception {
        UUID hung = UUID.randomUUID();
        try (DropshotSled sled = DropshotSled.hanging(Duration.ofSeconds(30))) {
            registration(hung, sled.baseUrl());
            UUID instance = create("observed");
            var call = CompletableFuture.supplyAsync(() -> {
                try {
                    return send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + hung + "\"}");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
                assertThat(read.get("active_vmm_state").asText()).isEqualTo("creating");
                assertThat(read.get("active_vmm_gen").asLong()).isEqualTo(1);
                assertThat(read.get("state").asText()).isEqualTo("starting");
            });
            assertProblem(send("POST", "/v1/instances/" + instance + "/start", null), 409);
            assertProblem(send("POST", "/v1/instances/" + instance + "/stop", null), 409);
            assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(504);
        }
    }

    // ---- stop, reboot ----------------------------------------------------------------------------

    @Test
    void stopAsksTheSledAndPublishesItsAnswer() throws Exception {
        register(sledA);
        UUID instance = create("stopper");
        UUID vmm = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", null).body().get("vmm_id").asText());
        sledA.sled().poke(vmm); // starting -> running

        Reply stopped = send("POST", "/v1/instances/" + instance + "/stop", null);

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("vmm_id").asText()).isEqualTo(vmm.toString());
        assertThat(stopped.body().at("/sled_state/vmm_state/state").asText()).isEqualTo("stopping");
        assertThat(sledA.sled().state(vmm).orElseThrow().vmmState().state()).isEqualTo(VmmState.STOPPING);
        VmmStateObservation observation = awaitObservation(vmm, 2);
        assertThat(stateIn(observation).vmmState().state()).isEqualTo(VmmState.STOPPING);
        // registered at 2, running at 3, stopping at 4: the answer is the sled's state as it stands
        assertThat(stateIn(observation).vmmState().gen()).isEqualTo(4)
                .isEqualTo(sledA.sled().state(vmm).orElseThrow().vmmState().gen());
        assertThat(observation.getSource()).isEqualTo(ObservationSource.control_response);
    }

    @Test
    void rebootAsksTheSledAndItsRefusalIsAConflict() throws Exception {
        register(sledA);
        UUID instance = create("rebooter");
        UUID vmm = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", null).body().get("vmm_id").asText());

        Reply early = send("POST", "/v1/instances/" + instance + "/reboot", null);
        assertProblem(early, 409);
        assertThat(early.body().get("detail").asText()).contains("starting");

        sledA.sled().poke(vmm);
        Reply rebooting = send("POST", "/v1/instances/" + instance + "/reboot", null);
        assertThat(rebooting.status()).isEqualTo(200);
        assertThat(rebooting.body().at("/sled_state/vmm_state/state").asText()).isEqualTo("rebooting");
        assertThat(stateIn(awaitObservation(vmm, 2)).vmmState().state()).isEqualTo(VmmState.REBOOTING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "reboot"})
    void stopAndRebootWithoutAnActiveVmmAreConflictsAndUnknownInstances404(String action) throws Exception {
        UUID instance = create("idle-" + action);
        assertProblem(send("POST", "/v1/instances/" + instance + "/" + action, null), 409);
        assertProblem(send("POST", "/v1/instances/" + UUID.randomUUID() + "/" + action, null), 404);
        assertProblem(send("POST", "/v1/instances/xyz/" + action, null), 400);
    }

    // ---- migrate ---------------------------------------------------------------------------------

    @Test
    void migrateEnsuresTheTargetThenMigratesTheSourceOutAndRecordsTheMigration() throws Exception {
        UUID a = register(sledA);
        UUID b = register(sledB);
        UUID instance = create("mover");
        UUID source = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + a + "\"}")
                .body().get("vmm_id").asText());
        sledA.sled().poke(source);

        Reply migrated = send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + b + "\"}");

        assertThat(migrated.status()).isEqualTo(200);
        UUID target = UUID.fromString(migrated.body().get("target_vmm_id").asText());
        UUID migration = UUID.fromString(migrated.body().get("migration_id").asText());
        assertThat(migrated.body().get("source_vmm_id").asText()).isEqualTo(source.toString());
        assertThat(migrated.body().at("/source_state/vmm_state/state").asText()).isEqualTo("migrating");
        assertThat(migrated.body().at("/source_state/migration_out/migration_id").asText()).isEqualTo(migration.toString());
        assertThat(migrated.body().at("/target_state/migration_in/migration_id").asText()).isEqualTo(migration.toString());

        SledVmmState onB = sledB.sled().state(target).orElseThrow();
        assertThat(onB.vmmState().state()).isEqualTo(VmmState.MIGRATING);
        assertThat(sledA.sled().state(source).orElseThrow().migrationOut().migrationId()).isEqualTo(migration);
        await().atMost(WAIT).untilAsserted(() -> assertThat(placements.recordsWithKey(target.toString()))
                .extracting(ConsumerRecord::value).containsExactly(b.toString()));
        assertThat(placements.recordsWithKey(target.toString()).get(0).timestamp())
                .isLessThanOrEqualTo(onB.vmmState().timeUpdated().toEpochMilli());

        JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
        assertThat(read.get("target_vmm_id").asText()).isEqualTo(target.toString());
        assertThat(read.get("migration_id").asText()).isEqualTo(migration.toString());
        assertThat(read.get("active_vmm_id").asText()).as("the source stays active until the migration completes")
                .isEqualTo(source.toString());
        assertThat(read.at("/migration/source_state").asText()).as("the source's answer, applied")
                .isEqualTo(migrated.body().at("/source_state/migration_out/state").asText());
        assertThat(read.at("/migration/target_state").asText())
                .isEqualTo(migrated.body().at("/target_state/migration_in/state").asText());
        assertThat(read.get("state").asText()).isEqualTo("migrating");
        assertThat(read.at("/migration/target_vmm_id").asText()).isEqualTo(target.toString());
        assertThat(send("GET", "/v1/vmms/" + target, null).body().get("instance_id").asText()).isEqualTo(instance.toString());

        assertThat(stateIn(awaitObservation(target, 1)).migrationIn().migrationId()).isEqualTo(migration);
        assertThat(stateIn(awaitObservation(source, 2)).migrationOut().migrationId()).isEqualTo(migration);

        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + b + "\"}"), 409);
    }

    @Test
    void badMigrationsAre404Or400Or409() throws Exception {
        UUID a = register(sledA);
        UUID instance = create("stuck");
        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + a + "\"}"), 409);
        UUID source = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", null).body().get("vmm_id").asText());
        sledA.sled().poke(source);
        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + a + "\"}"), 409);
        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + UUID.randomUUID() + "\"}"), 404);
        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{}"), 400);
        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", null), 400);
        assertProblem(send("POST", "/v1/instances/" + UUID.randomUUID() + "/migrate", "{\"target_sled_id\": \"" + a + "\"}"), 404);
        assertThat(count("SELECT count(*) FROM migration")).isZero();
    }

    @Test
    void migratingAnInstanceTheSourceRefusesIsAConflictAndTheTargetIsAbandoned() throws Exception {
        UUID a = register(sledA);
        UUID b = register(sledB);
        UUID instance = create("not-ready");
        send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + a + "\"}"); // still starting

        Reply reply = send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + b + "\"}");

        assertProblem(reply, 409);
        JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
        assertThat(read.get("target_vmm_id").isNull()).isTrue();
        assertThat(read.get("migration_id").isNull()).isTrue();
        // the target was registered on sled B: its rows stay (unlinked) so its last reports still apply
        assertThat(count("SELECT count(*) FROM migration")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM vmm")).isEqualTo(2);
        UUID target = UUID.fromString(query("SELECT target_vmm_id::text FROM migration"));
        assertThat(sledB.sled().state(target).orElseThrow().migrationIn().state())
                .as("told its migration failed").isEqualTo(MigrationState.FAILED);
    }

    @Test
    void migratingToASledThatDoesNotAnswerIs502AndNothingIsWritten() throws Exception {
        UUID a = register(sledA);
        UUID dead = UUID.randomUUID();
        registration(dead, "http://127.0.0.1:" + deadPort());
        UUID instance = create("stranded");
        UUID source = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + a + "\"}")
                .body().get("vmm_id").asText());
        sledA.sled().poke(source);

        assertProblem(send("POST", "/v1/instances/" + instance + "/migrate", "{\"target_sled_id\": \"" + dead + "\"}"), 502);

        assertThat(count("SELECT count(*) FROM migration")).isZero();
        assertThat(count("SELECT count(*) FROM vmm")).isEqualTo(1);
        assertThat(send("GET", "/v1/instances/" + instance, null).body().get("target_vmm_id").isNull()).isTrue();
        assertThat(sledA.sled().state(source).orElseThrow().vmmState().state()).as("source untouched").isEqualTo(VmmState.RUNNING);
    }

    // ---- a sled that forgot the VMM --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"stop", "reboot"})
    void aSledThatNoLongerHasTheVmmIs503AndTheVmmIsMarkedFailed(String action) throws Exception {
        UUID a = register(sledA);
        UUID instance = create("forgotten-" + action);
        UUID vmm = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + a + "\"}")
                .body().get("vmm_id").asText());
        long gen = send("GET", "/v1/vmms/" + vmm, null).body().get("gen").asLong();
        try (DropshotSled forgetful = DropshotSled.error(404, "NO_SUCH_INSTANCE", "no such instance")) {
            registration(a, forgetful.baseUrl()); // the sled now answers as one that lost the VMM

            Reply reply = send("POST", "/v1/instances/" + instance + "/" + action, null);

            assertProblem(reply, 503);
            assertThat(reply.body().get("vmm_id").asText()).isEqualTo(vmm.toString());
            assertThat(reply.body().get("detail").asText()).contains("no_such_instance");
        }
        JsonNode v = send("GET", "/v1/vmms/" + vmm, null).body();
        assertThat(v.get("state").asText()).isEqualTo("failed");
        assertThat(v.get("failure_reason").asText()).isEqualTo("no_such_instance");
        assertThat(v.get("gen").asLong()).isEqualTo(gen + 1);
        JsonNode read = send("GET", "/v1/instances/" + instance, null).body();
        assertThat(read.get("state").asText()).isEqualTo("failed");
        assertThat(read.get("failure_reason").asText()).isEqualTo("no_such_instance");
        assertThat(read.get("active_vmm_id").isNull()).as("unlinked: the instance can be started again").isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(states.recordsWithKey(vmm.toString()))
                .anySatisfy(r -> assertThat(r.value().getOutcome()).isInstanceOf(NoSuchVmm.class)));
    }

    @Test
    void anyOther404FromTheSledIsABadGatewayAndMarksNothing() throws Exception {
        UUID a = register(sledA);
        UUID instance = create("lost-route");
        UUID vmm = UUID.fromString(send("POST", "/v1/instances/" + instance + "/start", "{\"sled_id\": \"" + a + "\"}")
                .body().get("vmm_id").asText());
        JsonNode before = send("GET", "/v1/vmms/" + vmm, null).body();
        try (DropshotSled wrong = DropshotSled.error(404, null, "Not Found")) {
            registration(a, wrong.baseUrl());

            assertProblem(send("POST", "/v1/instances/" + instance + "/stop", null), 502);
        }
        JsonNode after = send("GET", "/v1/vmms/" + vmm, null).body();
        assertThat(after.get("state").asText()).isEqualTo(before.get("state").asText()).isNotEqualTo("failed");
        assertThat(after.get("gen").asLong()).isEqualTo(before.get("gen").asLong());
    }

    record Reply(int status, JsonNode body, String contentType, String location) {}

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.baseUrl() + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()),
                response.headers().firstValue("content-type").orElse(""),
                response.headers().firstValue("location").orElse(null));
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("status").asInt()).isEqualTo(status);
        assertThat(reply.body().get("detail").asText()).isNotBlank().doesNotContain("Exception");
    }

    private Reply registration(UUID id, String address) throws IOException, InterruptedException {
        return send("PUT", "/v1/sleds/" + id, "{\"address\": \"" + address + "\", \"api_versions\": [\"1.0.0\", \"2.0.0\"]}");
    }

    private UUID register(SledSimulator sled) throws IOException, InterruptedException {
        UUID id = sled.config().sledId();
        assertThat(registration(id, sled.baseUrl()).status()).isIn(200, 201);
        return id;
    }

    private UUID create(String name) throws IOException, InterruptedException {
        Reply created = send("POST", "/v1/instances", "{\"name\": \"" + name + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return UUID.fromString(created.body().get("id").asText());
    }

    private UUID startedOn(UUID instance, UUID sled) throws IOException, InterruptedException {
        Reply started = send("POST", "/v1/instances/" + instance + "/start", sled == null ? null : "{\"sled_id\": \"" + sled + "\"}");
        assertThat(started.status()).isEqualTo(200);
        return UUID.fromString(started.body().get("sled_id").asText());
    }

    private VmmStateObservation awaitObservation(UUID vmm, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(states.recordsWithKey(vmm.toString())).hasSizeGreaterThanOrEqualTo(count));
        List<ConsumerRecord<String, VmmStateObservation>> records = states.recordsWithKey(vmm.toString());
        assertThat(records).hasSize(count);
        return records.get(count - 1).value();
    }

    private static SledVmmState stateIn(VmmStateObservation observation) {
        assertThat(observation.getOutcome()).isInstanceOf(dev.doorbell.schemas.avro.SledVmmState.class);
        return ObservationMapping.fromAvro((dev.doorbell.schemas.avro.SledVmmState) observation.getOutcome());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A port nothing listens on: connections are refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
