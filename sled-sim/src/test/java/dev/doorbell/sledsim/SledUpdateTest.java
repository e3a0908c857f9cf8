package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An in-place update of the sled-agent (new API versions, new notify mode) while its VMMs keep running. */
class SledUpdateTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final ObjectMapper mapper = Json.mapper();
    private final List<UUID> upcalls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean gatewayFails = new AtomicBoolean();
    private HttpService gateway;

    @BeforeEach
    void startGateway() {
        gateway = HttpService.builder(HttpServiceConfig.defaults("fake-gateway", 0))
                .route("PUT", "/v1/vmms/{id}", req -> {
                    if (gatewayFails.get()) {
                        return HttpResponse.empty(503);
                    }
                    upcalls.add(req.uuidParam("id"));
                    return HttpResponse.empty(204);
                })
                .build().start();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    private SledSimConfig r19() {
        return SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .withApiVersions(Set.of(ApiVersion.V1))
                .withNotify(NotifyMode.UPCALL_BODY, URI.create(gateway.baseUrl()));
    }

    private static UUID running(Sled sled) {
        UUID id = UUID.randomUUID();
        sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
        sled.request(id, StateRequest.of(RequestedState.RUNNING));
        sled.poke(id);
        return id;
    }

    private static java.net.http.HttpResponse<String> get(SledSimulator sim, String path, String version) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
        if (version != null) {
            request.header(ApiVersion.HEADER, version);
        }
        return CLIENT.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theVmmsKeepTheirStateWhileTheApiAndTheNotifierChange() throws Exception {
        List<UUID> rings = new CopyOnWriteArrayList<>();
        try (SledSimulator sim = SledSimulator.start(r19(), null)) {
            UUID steady = running(sim.sled());
            UUID crashed = running(sim.sled());
            sim.sled().fault(crashed, VmmLifecycle.PROPOLIS_CRASHED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(upcalls).contains(steady, crashed));
            assertThat(get(sim, "/vmms/" + crashed + "/state", "2.0.0").statusCode()).isEqualTo(400);
            int port = sim.port();
            Map<UUID, SledVmmState> before = sim.sled().states();

            sim.update(Set.of(ApiVersion.V1, ApiVersion.V2), NotifyMode.DOORBELL_KAFKA, null, rings::add);

            assertThat(sim.port()).isEqualTo(port);
            assertThat(sim.config().notifyMode()).isEqualTo(NotifyMode.DOORBELL_KAFKA);
            assertThat(sim.config().apiVersions()).containsExactlyInAnyOrder(ApiVersion.V1, ApiVersion.V2);
            assertThat(sim.sled().states()).isEqualTo(before);
            // the new agent reports what it holds once, then every change as a ring
            assertThat(rings).containsExactlyInAnyOrder(steady, crashed);
            sim.sled().request(steady, StateRequest.of(RequestedState.REBOOT));
            assertThat(rings).containsExactlyInAnyOrder(steady, crashed, steady);

            var v2 = get(sim, "/vmms/" + crashed + "/state", "2.0.0");
            assertThat(v2.statusCode()).isEqualTo(200);
            JsonNode vmmState = mapper.readTree(v2.body()).get("vmm_state");
            assertThat(vmmState.get("state").asText()).isEqualTo("failed");
            assertThat(vmmState.get("gen").asLong()).isEqualTo(before.get(crashed).vmmState().gen());
            assertThat(vmmState.get("failure_reason").asText()).isEqualTo(VmmLifecycle.PROPOLIS_CRASHED);
            assertThat(get(sim, "/vmms/" + crashed + "/state", "1.0.0").statusCode()).isEqualTo(200);

            JsonNode health = mapper.readTree(get(sim, "/health", null).body());
            assertThat(health.get("notify").asText()).isEqualTo("doorbell-kafka");
            assertThat(health.get("api_versions")).hasSize(2);

            // as dropshot does, a sled answers every version it knows up to its newest
            sim.update(Set.of(ApiVersion.V2), NotifyMode.DOORBELL_KAFKA, null, rings::add);
            assertThat(get(sim, "/vmms/" + crashed + "/state", "1.0.0").statusCode()).isEqualTo(200);
            assertThat(get(sim, "/vmms/" + crashed + "/state", "2.0.0").statusCode()).isEqualTo(200);
            assertThat(get(sim, "/vmms/" + crashed + "/state", "3.0.0").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aNotificationTheOldAgentCouldNotDeliverIsReportedByTheNewOne() {
        gatewayFails.set(true);
        List<UUID> rings = new CopyOnWriteArrayList<>();
        try (SledSimulator sim = SledSimulator.start(r19(), null)) {
            UUID vmm = running(sim.sled());
            assertThat(upcalls).isEmpty();

            sim.update(Set.of(ApiVersion.V1, ApiVersion.V2), NotifyMode.DOORBELL_KAFKA, null, rings::add);

            assertThat(rings).containsExactly(vmm);
            assertThat(sim.sled().state(vmm).orElseThrow().vmmState().state()).isEqualTo(VmmState.RUNNING);
        }
    }

    @Test
    void churnGoesOnThroughUpdatesAndTheLastAgentHearsOfEveryVmm() {
        Map<UUID, Long> lastRungGen = new ConcurrentHashMap<>();
        SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.AUTO, Duration.ofMillis(5))
                .withNotify(NotifyMode.DOORBELL_KAFKA, null)
                .withLoad(50, 400);
        try (SledSimulator sim = SledSimulator.start(config, vmm -> { })) {
            LoadDriver load = sim.load().orElseThrow();
            for (NotifyMode mode : List.of(NotifyMode.UPCALL_BODY, NotifyMode.DOORBELL_KAFKA, NotifyMode.UPCALL_BODY)) {
                long changesBefore = load.changes();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.changes() > changesBefore + 20);
                sim.update(Set.copyOf(ApiVersion.KNOWN), mode, URI.create(gateway.baseUrl()), vmm -> { });
            }
            long changesBefore = load.changes();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.changes() > changesBefore + 20);
            sim.update(Set.copyOf(ApiVersion.KNOWN), NotifyMode.DOORBELL_KAFKA, null,
                    vmm -> lastRungGen.merge(vmm, sim.sled().state(vmm).map(s -> s.vmmState().gen()).orElse(0L), Math::max));
            load.close();
            Map<UUID, SledVmmState> held = sim.sled().states();
            assertThat(held).isNotEmpty();
            assertThat(lastRungGen.keySet()).containsAll(held.keySet());
            held.forEach((vmm, state) -> assertThat(lastRungGen.get(vmm)).as("vmm %s", vmm).isGreaterThanOrEqualTo(state.vmmState().gen()));
        }
    }

    @Test
    void anInvalidReleaseLeavesTheSledRunningAsItWas() throws Exception {
        try (SledSimulator sim = SledSimulator.start(r19(), null)) {
            UUID vmm = running(sim.sled());
            assertThatThrownBy(() -> sim.update(Set.of(), NotifyMode.UPCALL_BODY, URI.create(gateway.baseUrl()), null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sim.update(Set.copyOf(ApiVersion.KNOWN), NotifyMode.DOORBELL_KAFKA, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sim.update(Set.copyOf(ApiVersion.KNOWN), NotifyMode.DOORBELL_HTTP, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(sim.config().notifyMode()).isEqualTo(NotifyMode.UPCALL_BODY);
            assertThat(sim.config().apiVersions()).containsExactly(ApiVersion.V1);
            assertThat(get(sim, "/vmms/" + vmm + "/state", "1.0.0").statusCode()).isEqualTo(200);
            sim.sled().request(vmm, StateRequest.of(RequestedState.REBOOT));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(upcalls).contains(vmm));
        }
    }
}
