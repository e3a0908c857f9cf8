package dev.doorbell.fetcher.sled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.sled.SledClientConfig.Implementation;
import dev.doorbell.fetcher.sled.VmmFetchResult.Failed;
import dev.doorbell.fetcher.sled.VmmFetchResult.Found;
import dev.doorbell.fetcher.sled.VmmFetchResult.NotFound;
import dev.doorbell.fetcher.sled.VmmFetchResult.VersionRejected;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.VmmState;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.sledsim.VmmLifecycle;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link SledClient} contract, run against real sled simulators (and, for answers a real sled
 * never gives, tiny fake servers) once per {@link Implementation}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SledClientContract {
    private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofMillis(300);

    private SledSimulator sled;
    private SledSimulator oldSled;
    private SledTarget target;
    private SledTarget oldTarget;
    private SledClient client;

    /** The implementation under test. */
    abstract Implementation implementation();

    @BeforeAll
    void startSleds() {
        SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
        sled = SledSimulator.start(config, null);
        oldSled = SledSimulator.start(config.withApiVersions(Set.of(ApiVersion.V1)), null);
        target = new SledTarget(sled.config().sledId(), URI.create(sled.baseUrl()));
        oldTarget = new SledTarget(oldSled.config().sledId(), URI.create(oldSled.baseUrl()));
    }

    @AfterAll
    void stopSleds() {
        sled.close();
        oldSled.close();
    }

    @BeforeEach
    void startClient() {
        client = SledClients.create(config());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void getAnswersTheStateWithFailureReasonInV2Only() {
        UUID id = running(sled);
        sled.sled().fault(id, VmmLifecycle.PROPOLIS_CRASHED);

        Found v2 = (Found) only(fetch(target, List.of(id), ApiVersion.V2), id);
        Found v1 = (Found) only(fetch(target, List.of(id), ApiVersion.V1), id);

        assertThat(v2.version()).isEqualTo(ApiVersion.V2);
        assertThat(v2.state().vmmState().state()).isEqualTo(VmmState.FAILED);
        assertThat(v2.state().vmmState().failureReason()).isEqualTo(VmmLifecycle.PROPOLIS_CRASHED);
        assertThat(v1.version()).isEqualTo(ApiVersion.V1);
        assertThat(v1.state().vmmState().state()).isEqualTo(VmmState.FAILED);
        assertThat(v1.state().vmmState().failureReason()).isNull();
        assertThat(v1.state().vmmState().gen()).isEqualTo(v2.state().vmmState().gen());
    }

    @Test
    void unknownVmmIsNotFound() {
        UUID unknown = UUID.randomUUID();

        assertThat(only(fetch(target, List.of(unknown), ApiVersion.V2), unknown)).isEqualTo(new NotFound(ApiVersion.V2));
        assertThat(only(fetch(oldTarget, List.of(unknown), ApiVersion.V1), unknown)).isEqualTo(new NotFound(ApiVersion.V1));
    }

    @Test
    void aSledThatOnlySpeaksV1RejectsV2WithA400ThatListsNothing() {
        UUID id = running(oldSled);
        UUID other = running(oldSled);

        assertThat(only(fetch(oldTarget, List.of(id), ApiVersion.V2), id)).isInstanceOfSatisfying(VersionRejected.class,
                r -> assertThat(r.message()).isEqualTo("server does not support this API version: 2.0.0"));
        assertThat(fetch(oldTarget, List.of(id, other), ApiVersion.V2).values()).as("the batch is rejected too")
                .hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(VersionRejected.class));
    }

    @Test
    void v1FetchesManyIdsWithOneGetEach() {
        List<UUID> ids = List.of(running(oldSled), running(oldSled), running(oldSled));
        UUID unknown = UUID.randomUUID();
        List<UUID> asked = new ArrayList<>(ids);
        asked.add(unknown);
        double getsBefore = SledRequestCounts.of(oldSled, "GET", "/vmms/{id}/state");

        Map<UUID, VmmFetchResult> results = fetch(oldTarget, asked, ApiVersion.V1);

        assertThat(results).hasSize(4).containsEntry(unknown, new NotFound(ApiVersion.V1));
        for (UUID id : ids) {
            assertThat(results.get(id)).isEqualTo(new Found(oldSled.sled().state(id).orElseThrow(), ApiVersion.V1));
        }
        assertThat(SledRequestCounts.of(oldSled, "GET", "/vmms/{id}/state") - getsBefore).isEqualTo(4);
    }

    @Test
    void v2FetchesManyIdsWithOneBatchKnownAndUnknown() {
        UUID crashed = running(sled);
        sled.sled().fault(crashed, VmmLifecycle.PROPOLIS_CRASHED);
        UUID fine = running(sled);
        UUID unknown = UUID.randomUUID();
        double postsBefore = SledRequestCounts.of(sled, "POST", "/vmms/states");
        double getsBefore = SledRequestCounts.of(sled, "GET", "/vmms/{id}/state");

        Map<UUID, VmmFetchResult> results = fetch(target, List.of(crashed, fine, unknown, fine), ApiVersion.V2);

        assertThat(results).containsOnlyKeys(crashed, fine, unknown);
        assertThat(results.get(crashed)).isEqualTo(new Found(sled.sled().state(crashed).orElseThrow(), ApiVersion.V2));
        assertThat(((Found) results.get(crashed)).state().vmmState().failureReason()).isEqualTo(VmmLifecycle.PROPOLIS_CRASHED);
        assertThat(results.get(fine)).isEqualTo(new Found(sled.sled().state(fine).orElseThrow(), ApiVersion.V2));
        assertThat(results.get(unknown)).isEqualTo(new NotFound(ApiVersion.V2));
        assertThat(SledRequestCounts.of(sled, "POST", "/vmms/states") - postsBefore).isEqualTo(1);
        assertThat(SledRequestCounts.of(sled, "GET", "/vmms/{id}/state") - getsBefore).isZero();
    }

    @Test
    void batchesOfMoreThanAThousandIdsAreSplit() {
        List<UUID> asked = new ArrayList<>();
        for (int i = 0; i < 2_400; i++) {
            asked.add(running(sled));
        }
        for (int i = 0; i < 100; i++) {
            asked.add(UUID.randomUUID());
        }
        double postsBefore = SledRequestCounts.of(sled, "POST", "/vmms/states");

        Map<UUID, VmmFetchResult> results = fetch(target, asked, ApiVersion.V2);

        assertThat(results).hasSize(2_500);
        assertThat(results.values().stream().filter(Found.class::isInstance)).hasSize(2_400);
        assertThat(results.values().stream().filter(NotFound.class::isInstance)).hasSize(100);
        assertThat(results.get(asked.get(1_500))).isEqualTo(new Found(sled.sled().state(asked.get(1_500)).orElseThrow(), ApiVersion.V2));
        assertThat(SledRequestCounts.of(sled, "POST", "/vmms/states") - postsBefore).isEqualTo(3);
    }

    @Test
    void noIdsNoRequests() {
        assertThat(fetch(target, List.of(), ApiVersion.V2)).isEmpty();
    }

    @Test
    void aRefusedConnectionIsARetryableFailure() throws Exception {
        SledTarget nobody = new SledTarget(UUID.randomUUID(), URI.create("http://127.0.0.1:" + FakeSleds.freePort()));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        assertRetryableFailure(only(fetch(nobody, List.of(a), ApiVersion.V2), a));
        assertThat(fetch(nobody, List.of(a, b), ApiVersion.V2).values()).hasSize(2).allSatisfy(this::assertRetryableFailure);
    }

    @Test
    void aServerThatNeverAnswersIsARetryableFailureAfterTheRequestTimeout() throws Exception {
        try (FakeSleds.BlackHole hole = FakeSleds.blackHole();
             SledClient impatient = SledClients.create(config().withTimeouts(Duration.ofSeconds(1), SHORT_REQUEST_TIMEOUT))) {
            SledTarget silent = new SledTarget(UUID.randomUUID(), hole.baseUrl());
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();

            CompletableFuture<Map<UUID, VmmFetchResult>> single = impatient.fetch(silent, List.of(a), ApiVersion.V2);
            CompletableFuture<Map<UUID, VmmFetchResult>> batch = impatient.fetch(silent, List.of(a, b), ApiVersion.V2);

            assertThat(only(completed(single), a)).satisfies(this::assertRetryableFailure);
            assertThat(completed(batch).values()).hasSize(2).allSatisfy(this::assertRetryableFailure);
            assertThat(hole.accepted()).as("the requests did reach the server").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void closingTheClientFailsFetchesInFlightAsRetryable() throws Exception {
        try (FakeSleds.BlackHole hole = FakeSleds.blackHole()) {
            SledClient closing = SledClients.create(config());
            UUID a = UUID.randomUUID();
            CompletableFuture<Map<UUID, VmmFetchResult>> inFlight =
                    closing.fetch(new SledTarget(UUID.randomUUID(), hole.baseUrl()), List.of(a), ApiVersion.V2);
            await().atMost(Duration.ofSeconds(5)).until(() -> hole.accepted() >= 1);

            closing.close();

            assertThat(only(completed(inFlight), a)).satisfies(this::assertRetryableFailure);
            assertThat(only(completed(closing.fetch(target, List.of(a), ApiVersion.V2)), a))
                    .as("a closed client still answers, with a failure").satisfies(this::assertRetryableFailure);
        }
    }

    @Test
    void aGarbageBodyIsARetryableFailure() throws Exception {
        try (FakeSleds.Fake fake = FakeSleds.answering(200, "application/json", "{\"vmm_state\": {\"state\": ")) {
            SledTarget liar = new SledTarget(UUID.randomUUID(), fake.baseUrl());
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();

            assertRetryableFailure(only(fetch(liar, List.of(a), ApiVersion.V2), a));
            assertThat(fetch(liar, List.of(a, b), ApiVersion.V2).values()).hasSize(2).allSatisfy(this::assertRetryableFailure);
            assertThat(fake.versionsSeen()).containsOnly("2.0.0");
        }
    }

    @Test
    void everyAnswerButNoSuchInstanceIsARetryableFailureNeverNotFound() throws Exception {
        UUID a = UUID.randomUUID();
        try (FakeSleds.Fake broken = FakeSleds.answering(503, "text/plain", "busy");
             FakeSleds.Fake forbidding = FakeSleds.answering(403, "application/json",
                     "{\"request_id\":\"r\",\"message\":\"go away\"}");
             FakeSleds.Fake proxy = FakeSleds.answering(404, "text/html", "<html>404 Not Found</html>");
             FakeSleds.Fake terminating = FakeSleds.answering(410, "application/json",
                     "{\"request_id\":\"r\",\"error_code\":\"NO_SUCH_INSTANCE\",\"message\":\"instance is terminating\"}")) {
            assertRetryableFailure(only(fetch(new SledTarget(UUID.randomUUID(), broken.baseUrl()), List.of(a), ApiVersion.V2), a));
            assertRetryableFailure(only(fetch(new SledTarget(UUID.randomUUID(), proxy.baseUrl()), List.of(a), ApiVersion.V2), a));
            assertRetryableFailure(only(fetch(new SledTarget(UUID.randomUUID(), terminating.baseUrl()), List.of(a), ApiVersion.V2), a));
            VmmFetchResult refused = only(fetch(new SledTarget(UUID.randomUUID(), forbidding.baseUrl()), List.of(a), ApiVersion.V2), a);
            assertThat(refused).isInstanceOfSatisfying(Failed.class, f -> {
                assertThat(f.retryable()).isTrue();
                assertThat(f.error()).contains("403").contains("go away");
            });
        }
    }

    @Test
    void aBatchEndpointThatDoesNotExistFallsBackToOneGetPerId() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String state = "{\"vmm_state\":{\"state\":\"running\",\"gen\":3,\"time_updated\":\"2026-01-02T03:04:05Z\"},"
                + "\"migration_in\":null,\"migration_out\":null}";
        try (FakeSleds.Fake noBatch = FakeSleds.withoutBatchEndpoint(state)) {
            Map<UUID, VmmFetchResult> results = fetch(new SledTarget(UUID.randomUUID(), noBatch.baseUrl()), List.of(a, b), ApiVersion.V2);

            assertThat(results.values()).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(Found.class, f -> {
                assertThat(f.state().vmmState().gen()).isEqualTo(3);
                assertThat(f.version()).isEqualTo(ApiVersion.V2);
            }));
            assertThat(noBatch.requests()).containsExactlyInAnyOrder(
                    "POST /vmms/states", "GET /vmms/" + a + "/state", "GET /vmms/" + b + "/state");
        }
    }

    private SledClientConfig config() {
        return SledClientConfig.defaults().withImplementation(implementation());
    }

    private Map<UUID, VmmFetchResult> fetch(SledTarget sledTarget, List<UUID> ids, ApiVersion version) {
        return completed(client.fetch(sledTarget, ids, version));
    }

    private static Map<UUID, VmmFetchResult> completed(CompletableFuture<Map<UUID, VmmFetchResult>> future) {
        await().atMost(Duration.ofSeconds(15)).until(future::isDone);
        assertThat(future).isNotCompletedExceptionally();
        return future.join();
    }

    private static VmmFetchResult only(Map<UUID, VmmFetchResult> results, UUID id) {
        assertThat(results).containsOnlyKeys(id);
        return results.get(id);
    }

    private void assertRetryableFailure(VmmFetchResult result) {
        assertThat(result).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.retryable()).as(f.error()).isTrue());
    }

    /** @return a new VMM on {@code sim}, running */
    private static UUID running(SledSimulator sim) {
        UUID id = UUID.randomUUID();
        sim.sled().ensure(id, EnsureRequest.of(UUID.randomUUID()));
        sim.sled().request(id, StateRequest.of(RequestedState.RUNNING));
        sim.sled().poke(id);
        return id;
    }
}
