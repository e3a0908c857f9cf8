package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Backoff;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.SledVmmStateReader;
import dev.doorbell.model.VmmState;
import dev.doorbell.sledsim.notify.DoorbellHttpNotifier;
import dev.doorbell.sledsim.notify.DoorbellNotifier;
import dev.doorbell.sledsim.notify.UpcallBodyNotifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifier modes against a fake gateway over real HTTP. */
class NotifierTest {
    private final ObjectMapper mapper = Json.mapper();
    private final List<String> upcalls = new CopyOnWriteArrayList<>();
    private final List<String> rings = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final Backoff fast = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private HttpService gateway;

    @BeforeEach
    void startGateway() {
        gateway = HttpService.builder(HttpServiceConfig.defaults("fake-gateway", 0))
                .route("PUT", "/v1/vmms/{id}", req -> {
                    if (failuresLeft.getAndDecrement() > 0) {
                        return HttpResponse.empty(503);
                    }
                    // what the gateway's ignore-body mode demands: a strict 1.0.0 SledVmmState
                    new SledVmmStateReader(ApiVersion.V1).read(req.body());
                    upcalls.add(new String(req.body()));
                    return HttpResponse.empty(204);
                })
                .route("POST", "/v1/vmms/{id}/doorbell", req -> {
                    if (failuresLeft.getAndDecrement() > 0) {
                        return HttpResponse.empty(503);
                    }
                    assertThat(req.hasBody()).isFalse();
                    rings.add(req.uuidParam("id").toString());
                    return HttpResponse.empty(202);
                })
                .build().start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        retries.shutdownNow();
    }

    private Sled sled(StateChangeListener listener) {
        return Sled.builder(UUID.randomUUID()).clock(clock).stepping(SteppingMode.EXPLICIT, Duration.ZERO).listener(listener).build();
    }

    @Test
    void upcallBodyRetriesAndDeliversTheNewestStateInTheV1Shape() throws Exception {
        failuresLeft.set(3);
        try (UpcallBodyNotifier notifier = new UpcallBodyNotifier(URI.create(gateway.baseUrl()), fast, retries);
             Sled sled = sled(notifier)) {
            UUID id = UUID.randomUUID();
            sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
            sled.request(id, StateRequest.of(RequestedState.RUNNING));
            sled.poke(id);
            sled.fault(id, "propolis_crashed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(upcalls).isNotEmpty();
                JsonNode last = mapper.readTree(upcalls.get(upcalls.size() - 1));
                assertThat(last.get("vmm_state").get("state").asText()).isEqualTo("failed");
                assertThat(last.get("vmm_state").get("gen").asLong()).isEqualTo(4);
            });
            assertThat(upcalls).allSatisfy(body -> assertThat(body).doesNotContain("failure_reason"));
            // gens arrive in increasing order: a retry never sends an older state than one already sent
            List<Long> gens = upcalls.stream().map(b -> {
                try {
                    return mapper.readValue(b, SledVmmState.class).vmmState().gen();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(gens).isSorted().doesNotHaveDuplicates();
            assertThat(notifier.sender().failures()).isEqualTo(3);
        }
    }

    @Test
    void doorbellHttpRingsWithoutBodyAndCoalesces() {
        failuresLeft.set(1);
        try (DoorbellHttpNotifier notifier = new DoorbellHttpNotifier(URI.create(gateway.baseUrl()), fast, retries);
             Sled sled = sled(notifier)) {
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            sled.ensure(a, EnsureRequest.of(UUID.randomUUID()));
            sled.ensure(b, EnsureRequest.of(UUID.randomUUID()));
            for (int i = 0; i < 50; i++) {
                notifier.ring(a);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(rings).contains(a.toString(), b.toString()));
            // 51 rings for a: at most one in flight plus one after it per send, so far fewer sends
            assertThat(rings.stream().filter(a.toString()::equals).count()).isBetween(1L, 51L);
            assertThat(notifier.sender().coalesced()).isPositive();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(notifier.sender().sends()).isEqualTo(rings.size() + 1));
        }
    }

    @Test
    void doorbellModeRingsOncePerChange() {
        List<UUID> rung = new CopyOnWriteArrayList<>();
        try (Sled sled = sled(new DoorbellNotifier(rung::add))) {
            UUID id = UUID.randomUUID();
            sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
            sled.request(id, StateRequest.of(RequestedState.RUNNING)); // no observable change
            sled.poke(id);
            sled.request(id, StateRequest.of(RequestedState.STOPPED));
            assertThat(rung).containsExactly(id, id, id);
            assertThat(sled.state(id).orElseThrow().vmmState().state()).isEqualTo(VmmState.STOPPING);
        }
    }
}
