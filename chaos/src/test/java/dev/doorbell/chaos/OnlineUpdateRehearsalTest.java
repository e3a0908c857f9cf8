package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.chaos.rehearsal.Divergence;
import dev.doorbell.chaos.rehearsal.FleetChurn;
import dev.doorbell.chaos.rehearsal.RehearsalSled;
import dev.doorbell.chaos.rehearsal.RehearsalSled.Crash;
import dev.doorbell.chaos.rehearsal.RehearsalStack;
import dev.doorbell.chaos.rehearsal.SledRelease;
import dev.doorbell.chaos.rehearsal.VmmRow;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.sledsim.VmmLifecycle;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9, the online update rehearsal: the fleet moves from R19 to R20 to R21 one sled at a
 * time while its VMMs churn, in the order of a real rollout:
 * <ol>
 *   <li>R19 everywhere: sleds send the state-bearing upcall to the gateway in {@code body} mode and
 *       speak API 1.0.0; the reconciler applies the bodies; there is no fetcher;</li>
 *   <li>the control plane moves to R20: the state fetcher starts, a new gateway in
 *       {@code ignore-body} mode replaces the old one (an upcall becomes a doorbell, the state is
 *       pulled in 1.0.0; the sleds retry the upcalls refused while it restarts);</li>
 *   <li>each sled in turn is updated in place to R20 (doorbell through Kafka, API 1.0.0 and 2.0.0):
 *       before, none of its VMMs has a {@code failure_detail} in the database even though crashes
 *       reach it; after, a crash on it reaches the database with its reason within a bound;</li>
 *   <li>the running gateway turns to {@code gone}: an upcall is refused with 410;</li>
 *   <li>each sled in turn is updated to R21 (API 2.0.0 only).</li>
 * </ol>
 * Then the churn stops and the database must equal every sled's final state (state and
 * generation of every VMM ever placed) within {@link #CONVERGENCE_BOUND}; lost updates = 0. Every
 * crash made after the pipeline read its sled in 2.0.0 must be in the database with its reason, no
 * record may have been dead-lettered, and no sled's upcall may have been refused. A crash between a
 * sled's update and that first 2.0.0 read can be read in 1.0.0 (the fetcher has not re-probed the
 * sled yet) and then keeps no reason, since a later read of the same generation changes nothing:
 * those are counted in the log, not asserted.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class OnlineUpdateRehearsalTest {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineUpdateRehearsalTest.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final int SLEDS = 4;
    private static final int VMMS_PER_SLED = 50;
    private static final double ACTIONS_PER_SECOND = 60;
    private static final Duration STEP_DELAY = Duration.ofMillis(200);
    /**
     * How long the fetcher keeps reading a sled in 1.0.0 after that sled refused 2.0.0, before it
     * asks 2.0.0 again: what bounds "as soon as a sled speaks 2.0.0". The fetcher's default (5 min)
     * would hold an updated sled in 1.0.0 for up to 5 minutes.
     */
    private static final Duration VERSION_REPROBE = Duration.ofSeconds(1);
    /** From a sled's update until a crash on it shows its {@code failure_detail} in the database. */
    private static final Duration REASON_BOUND = Duration.ofSeconds(20);
    /** From the end of the rollout and the churn until the database equals every sled. */
    private static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(30);
    private static final Duration PHASE_BOUND = Duration.ofSeconds(60);

    @Test
    void theFleetMovesFromR19ToR21OneSledAtATimeWhileVmmsChurnAndNoStateIsLost(
            KafkaCluster kafka, RegistryServer registry, PostgresServer postgres) throws Exception {
        Path stateDir = Files.createDirectories(ChaosReport.buildDirectory().resolve("chaos-state")
                .resolve("rehearsal-" + UUID.randomUUID().toString().substring(0, 8)));
        try (RehearsalStack stack = RehearsalStack.start(kafka, registry, postgres)) {
            List<RehearsalSled> fleet = new ArrayList<>();
            try {
                for (int i = 0; i < SLEDS; i++) {
                    fleet.add(RehearsalSled.start(SledRelease.R19, VMMS_PER_SLED, STEP_DELAY, stack.control(),
                            stack::sledPublisher, stack.gatewayUrl()));
                }
                rehearse(stack, fleet, stateDir);
            } finally {
                fleet.forEach(RehearsalSled::close);
            }
        }
    }

    private static void rehearse(RehearsalStack stack, List<RehearsalSled> fleet, Path stateDir) throws Exception {
        List<Instant> readInV2;
        long actions;
        try (FleetChurn churn = new FleetChurn(fleet, ACTIONS_PER_SECOND, 9).start()) {
            readInV2 = rollOut(stack, fleet, churn, stateDir);
            assertThat(churn.failure()).isEmpty();
            actions = churn.actions();
        }
        Instant healed = Instant.now();

        AtomicReference<List<Divergence>> divergences = new AtomicReference<>(List.of());
        try {
            await().atMost(CONVERGENCE_BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
                divergences.set(Divergence.between(fleet, VmmRow.readAll(stack.database())));
                return divergences.get().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // reported below: the divergent VMMs are the lost updates
        }
        Duration timeToConverge = Duration.between(healed, Instant.now());
        long lost = divergences.get().size();
        int vmms = fleet.stream().mapToInt(sled -> sled.vmms().size()).sum();
        long stateChanges = fleet.stream().mapToLong(OnlineUpdateRehearsalTest::stateChanges).sum();
        ChaosReport.record("9 online update rehearsal", "R19 → R20 → R21 one sled at a time; gateway body → ignore-body → gone",
                vmms, stateChanges, timeToConverge, lost);
        LOG.info("rehearsal: {} sleds, {} VMMs, {} churn actions, {} state changes, converged in {} ms after the rollout, lost {}",
                fleet.size(), vmms, actions, stateChanges, timeToConverge.toMillis(), lost);
        assertThat(divergences.get()).as("VMMs whose database row is not their sled's state").isEmpty();

        Map<UUID, VmmRow> rows = VmmRow.readAll(stack.database());
        for (int i = 0; i < fleet.size(); i++) {
            RehearsalSled sled = fleet.get(i);
            Instant switched = readInV2.get(i);
            List<Crash> late = sled.crashes().stream().filter(c -> c.at().isAfter(switched)).toList();
            assertThat(late).as("crashes on sled %s after it was read in 2.0.0", sled.id()).isNotEmpty();
            assertThat(late).allSatisfy(crash -> assertThat(rows.get(crash.vmm()).failureDetail())
                    .as("failure_detail of %s, crashed at %s", crash.vmm(), crash.at()).isEqualTo(VmmLifecycle.PROPOLIS_CRASHED));
            long reasonLost = sled.crashes().stream()
                    .filter(c -> c.release().speaksFailureReason() && !c.at().isAfter(switched))
                    .filter(c -> rows.get(c.vmm()).failureDetail() == null).count();
            LOG.info("sled {}: {} crashes, {} after the update but before it was read in 2.0.0 reached the database without reason",
                    sled.id(), sled.crashes().size(), reasonLost);
        }
        assertThat(count(stack.fetcherMeters(), FetcherMetrics.DEAD_LETTERED)).isZero();
        assertThat(count(stack.fetcherMeters(), FetcherMetrics.GAVE_UP)).isZero();
        assertThat(count(stack.reconcilerMeters(), ApplierMetrics.SKIPPED)).isZero();
        assertThat(count(stack.fetcherMeters(), FetcherMetrics.FETCHES_COMPLETED, "outcome", "version_rejected"))
                .as("the fetcher fell back to 1.0.0 for R19 sleds").isPositive();
        assertThat(gatewayResponses(stack, "PUT", "410")).as("upcalls refused as gone: only the test's own").isEqualTo(1);
    }

    /**
     * The rollout, in order, while {@code churn} goes on. Returns, per sled, when a crash on it was
     * first seen in the database with its reason after its update to R20.
     */
    private static List<Instant> rollOut(RehearsalStack stack, List<RehearsalSled> fleet, FleetChurn churn, Path stateDir)
            throws Exception {
        List<Instant> readInV2 = new ArrayList<>();
        // R19: besides the control plane's own calls (a placed VMM's first row is the sled's answer to the start),
        // the bodies of the upcalls are the database's only source, and 1.0.0 bodies say no reason
        List<UUID> placedAtStart = fleet.stream().flatMap(sled -> sled.vmms().stream()).toList();
        await().atMost(PHASE_BOUND).untilAsserted(() -> {
            Map<UUID, VmmRow> rows = VmmRow.readAll(stack.database());
            assertThat(rows.keySet()).containsAll(placedAtStart);
            assertThat(placedAtStart).allSatisfy(vmm -> assertThat(rows.get(vmm).lastSource()).isIn("legacy-upcall-body",
                    "control_response", "control-response"));
            assertThat(rows.values()).filteredOn(row -> !row.lastSource().startsWith("control"))
                    .allSatisfy(row -> assertThat(row.lastSource()).isEqualTo("legacy-upcall-body"));
            assertThat(rows.values()).anySatisfy(row -> assertThat(row.lastSource()).isEqualTo("legacy-upcall-body"));
        });
        crashReachesTheDatabaseWithoutReason(stack, fleet.get(0), "legacy-upcall-body");

        // the control plane moves to R20 first: the fetcher runs before any upcall turns into a doorbell;
        // the new gateway replaces the old one, and the sleds retry the upcalls refused meanwhile
        stack.startFetcher(stateDir, VERSION_REPROBE);
        stack.redeployGateway(UpcallMode.IGNORE_BODY);

        for (RehearsalSled sled : fleet) {
            crashReachesTheDatabaseWithoutReason(stack, sled, "fetch");
            assertThat(reasonsOf(stack, sled)).as("failure reasons before sled %s speaks 2.0.0", sled.id()).isEmpty();
            sled.update(SledRelease.R20);
            readInV2.add(firstCrashWithReason(stack, sled));
            churnFor(churn, Duration.ofSeconds(1));
        }

        stack.upcallMode(UpcallMode.GONE);
        upcallIsRefusedAsGone(stack, fleet.get(0).vmms().iterator().next());

        for (RehearsalSled sled : fleet) {
            sled.update(SledRelease.R21);
            firstCrashWithReason(stack, sled);
            churnFor(churn, Duration.ofSeconds(1));
        }
        churnFor(churn, Duration.ofSeconds(2));
        return readInV2;
    }

    /** Lets the fleet churn for about {@code period} of actions (whatever the machine's speed). */
    private static void churnFor(FleetChurn churn, Duration period) {
        long until = churn.actions() + (long) (ACTIONS_PER_SECOND * period.toMillis() / 1000.0);
        await().atMost(PHASE_BOUND).until(() -> churn.actions() >= until || churn.failure().isPresent());
    }

    /**
     * A sled on 1.0.0 reports a crash; the database shows the VMM failed, from an observation of
     * {@code source}, and cannot know why.
     */
    private static void crashReachesTheDatabaseWithoutReason(RehearsalStack stack, RehearsalSled sled, String source) {
        Crash crash = sled.crashOne().orElseThrow(() -> new AssertionError("no running VMM on sled " + sled.id()));
        await().atMost(PHASE_BOUND).untilAsserted(() -> {
            VmmRow row = VmmRow.readAll(stack.database()).get(crash.vmm());
            assertThat(row).isNotNull();
            assertThat(row.state()).isEqualTo("failed");
            assertThat(row.lastSource()).isEqualTo(source);
            assertThat(row.failureDetail()).isNull();
        });
    }

    /**
     * Crashes VMMs on an updated sled until one reaches the database with its reason; a crash read in
     * 1.0.0 (the fetcher has not re-probed the sled yet) reaches it without. Returns when the reason
     * was first seen.
     */
    private static Instant firstCrashWithReason(RehearsalStack stack, RehearsalSled sled) {
        Instant deadline = sled.updatedAt().plus(REASON_BOUND);
        while (Instant.now().isBefore(deadline)) {
            Crash crash = sled.crashOne().orElseThrow(() -> new AssertionError("no running VMM on sled " + sled.id()));
            AtomicReference<VmmRow> row = new AtomicReference<>();
            await().atMost(PHASE_BOUND).until(() -> {
                row.set(VmmRow.readAll(stack.database()).get(crash.vmm()));
                return row.get() != null && row.get().state().equals("failed");
            });
            if (row.get().failureDetail() != null) {
                assertThat(row.get().failureDetail()).isEqualTo(VmmLifecycle.PROPOLIS_CRASHED);
                Instant seen = Instant.now();
                LOG.info("sled {} on {}: a crash shows its failure_reason in the database {} ms after the update",
                        sled.id(), sled.release(), Duration.between(sled.updatedAt(), seen).toMillis());
                return seen;
            }
        }
        throw new AssertionError("no crash on sled " + sled.id() + " reached the database with its failure_reason within "
                + REASON_BOUND + " of its update to " + sled.release());
    }

    /** An R19 sled left behind would be told that the upcall is gone and where the doorbell is. */
    private static void upcallIsRefusedAsGone(RehearsalStack stack, UUID vmm) throws Exception {
        String body = "{\"vmm_state\":{\"state\":\"running\",\"gen\":2,\"time_updated\":\"2026-11-29T12:00:00Z\"},"
                + "\"migration_in\":null,\"migration_out\":null}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/vmms/" + vmm))
                .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:doorbell:problem:upcall-gone");
        assertThat(problem.get("doorbell").asText()).isEqualTo("/v1/vmms/" + vmm + "/doorbell");
    }

    /** VMMs of {@code sled} whose database row has a failure reason. */
    private static List<UUID> reasonsOf(RehearsalStack stack, RehearsalSled sled) {
        Map<UUID, VmmRow> rows = VmmRow.readAll(stack.database());
        return sled.vmms().stream().filter(v -> rows.containsKey(v) && rows.get(v).failureDetail() != null).toList();
    }

    /** A VMM's generation counts its observable changes, its creation included. */
    private static long stateChanges(RehearsalSled sled) {
        return sled.states().values().stream().mapToLong(s -> s.vmmState().gen()).sum();
    }

    private static double count(MeterRegistry meters, String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Responses of the gateway to {@code method} with {@code status}, from its {@code /metrics}. */
    private static long gatewayResponses(RehearsalStack stack, String method, String status) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .filter(line -> line.contains("method=\"" + method + "\"") && line.contains("status=\"" + status + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
