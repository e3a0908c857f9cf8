package dev.doorbell.reconciler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.MigrationSource;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link SledAgentClient#states}, the watcher sweep's bulk read (and {@link SledAgentClient#generations}, the part of it the
 * sweep compares), and {@link SledAgentClient#state}, one VMM at any
 * version (the audit's read of an older sled), against a real sled simulator.
 */
class SledAgentClientStatesTest {

    // a loaded machine answers slowly; the hung sled hangs 30 s
    private final SledAgentClient client = new SledAgentClient(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void answersTheStatesTheSledKnowsAndListsTheIdsItDoesNot() {
        try (SledSimulator sim = SledSimulator.start(SledSimConfig.defaults(), null)) {
            UUID known = UUID.randomUUID();
            UUID unknown = UUID.randomUUID();
            SledVmmState state = sim.sled().ensure(known, EnsureRequest.of(UUID.randomUUID()));
            SledEndpoint endpoint = new SledEndpoint(sim.config().sledId(), URI.create(sim.baseUrl()), ApiVersion.V2);

            VmmStatesResponse answer = assertAnswer(endpoint, List.of(known, unknown));

            assertThat(answer.vmms()).containsOnlyKeys(known);
            assertThat(answer.vmms().get(known).vmmState().gen()).isEqualTo(state.vmmState().gen());
            assertThat(answer.unknownIds()).containsExactly(unknown);
        }
    }

    @Test
    void theSweepsLeanReadHasTheGenerationsAndMigrationIdsOfTheFullOne() throws Exception {
        try (SledSimulator sim = SledSimulator.start(SledSimConfig.defaults(), null)) {
            UUID plain = UUID.randomUUID();
            UUID target = UUID.randomUUID();
            UUID unknown = UUID.randomUUID();
            UUID migration = UUID.randomUUID();
            sim.sled().ensure(plain, EnsureRequest.of(UUID.randomUUID()));
            sim.sled().ensure(target, new EnsureRequest(UUID.randomUUID(), new MigrationSource(migration, UUID.randomUUID(), null)));
            SledEndpoint endpoint = new SledEndpoint(sim.config().sledId(), URI.create(sim.baseUrl()), ApiVersion.V2);
            List<UUID> ids = List.of(plain, target, unknown);

            VmmGenerations lean = SledStateCheck.over(client).generations(endpoint, ids);
            VmmStatesResponse full = client.states(endpoint, ids);

            assertThat(lean).isEqualTo(VmmGenerations.of(full));
            assertThat(lean.known().get(plain).gen()).isEqualTo(full.vmms().get(plain).vmmState().gen());
            assertThat(lean.known().get(target).migrationIn()).as("the target's inbound migration")
                    .isEqualTo(new VmmGenerations.Side(migration, full.vmms().get(target).migrationIn().gen()));
            assertThat(lean.known().get(target).migrationOut()).isNull();
            assertThat(lean.unknown()).containsExactly(unknown);
            List<UUID> tooMany = Stream.generate(UUID::randomUUID).limit(1001).toList();
            assertThatThrownBy(() -> client.generations(endpoint, tooMany)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aVersionWithoutTheRouteIsA404AndTooManyIdsAreRefusedBeforeAsking() {
        try (SledSimulator sim = SledSimulator.start(SledSimConfig.defaults().withApiVersions(Set.of(ApiVersion.V1)), null)) {
            SledEndpoint v1 = new SledEndpoint(sim.config().sledId(), URI.create(sim.baseUrl()), ApiVersion.V1);
            assertThatThrownBy(() -> client.states(v1, List.of(UUID.randomUUID())))
                    .isInstanceOfSatisfying(SledRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
            List<UUID> tooMany = Stream.generate(UUID::randomUUID).limit(1001).toList();
            assertThatThrownBy(() -> client.states(v1, tooMany)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anOldSledIsReadOneVmmAtATimeIntoTheSameAnswer() throws Exception {
        try (SledSimulator sim = SledSimulator.start(SledSimConfig.defaults().withApiVersions(Set.of(ApiVersion.V1)), null)) {
            UUID known = UUID.randomUUID();
            UUID unknown = UUID.randomUUID();
            SledVmmState state = sim.sled().ensure(known, EnsureRequest.of(UUID.randomUUID()));
            SledEndpoint v1 = new SledEndpoint(sim.config().sledId(), URI.create(sim.baseUrl()), ApiVersion.V1);

            assertThat(client.state(v1, known)).hasValueSatisfying(s -> assertThat(s.vmmState().gen()).isEqualTo(state.vmmState().gen()));
            assertThat(client.state(v1, unknown)).as("404 NO_SUCH_INSTANCE").isEmpty();

            VmmStatesResponse answer = SledStateCheck.overAnyVersion(client).states(v1, List.of(known, unknown));
            assertThat(answer.vmms()).containsOnlyKeys(known);
            assertThat(answer.unknownIds()).containsExactly(unknown);
        }
    }

    @Test
    void aHungSledTimesOut() throws Exception {
        try (DropshotSled hung = DropshotSled.hanging(Duration.ofSeconds(30))) {
            SledEndpoint endpoint = new SledEndpoint(UUID.randomUUID(), URI.create(hung.baseUrl()), ApiVersion.V2);
            assertThatThrownBy(() -> client.states(endpoint, List.of(UUID.randomUUID())))
                    .isInstanceOfSatisfying(SledUnavailableException.class,
                            e -> assertThat(e.kind()).isEqualTo(SledUnavailableException.Kind.TIMED_OUT));
        }
    }

    private VmmStatesResponse assertAnswer(SledEndpoint endpoint, List<UUID> ids) {
        try {
            return client.states(endpoint, ids);
        } catch (SledUnavailableException | SledRejectedException e) {
            throw new AssertionError("the sled should answer", e);
        }
    }
}
