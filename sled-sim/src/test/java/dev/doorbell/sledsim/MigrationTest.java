package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both sides of a live migration between two sleds in one JVM. */
class MigrationTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InJvmMigrationPeers peers = new InJvmMigrationPeers();
    private final RecordingListener listener = new RecordingListener();
    private Sled source;
    private Sled target;
    private final UUID instance = UUID.randomUUID();
    private final UUID sourceVmm = UUID.randomUUID();
    private final UUID targetVmm = UUID.randomUUID();
    private final UUID migration = UUID.randomUUID();

    private Sled sled() {
        Sled sled = Sled.builder(UUID.randomUUID()).clock(clock).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .listener(listener).peers(peers).build();
        peers.register(sled);
        return sled;
    }

    @BeforeEach
    void startMigration() {
        source = sled();
        target = sled();
        source.ensure(sourceVmm, EnsureRequest.of(instance));
        source.request(sourceVmm, StateRequest.of(RequestedState.RUNNING));
        source.poke(sourceVmm);
        SledVmmState t = target.ensure(targetVmm, new EnsureRequest(instance, new MigrationSource(migration, sourceVmm)));
        assertThat(t.vmmState().state()).isEqualTo(VmmState.MIGRATING);
        assertMigration(t.migrationIn(), MigrationState.PENDING, 1);
        assertThat(t.migrationOut()).isNull();
        SledVmmState s = source.request(sourceVmm, StateRequest.migrateOut(migration, targetVmm));
        assertThat(s.vmmState().state()).isEqualTo(VmmState.MIGRATING);
        assertMigration(s.migrationOut(), MigrationState.PENDING, 2); // omicron: first reported at gen 2
        assertThat(s.migrationIn()).isNull();
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private void assertMigration(MigrationRuntimeState m, MigrationState state, long gen) {
        assertThat(m.migrationId()).isEqualTo(migration);
        assertThat(m.state()).isEqualTo(state);
        assertThat(m.gen()).isEqualTo(gen);
    }

    @Test
    void successEndsWithSourceDestroyedAndTargetRunning() {
        clock.advance(Duration.ofSeconds(1));
        assertMigration(source.poke(sourceVmm).migrationOut(), MigrationState.IN_PROGRESS, 3);
        assertMigration(target.poke(targetVmm).migrationIn(), MigrationState.IN_PROGRESS, 2);

        SledVmmState s = source.poke(sourceVmm);
        assertMigration(s.migrationOut(), MigrationState.COMPLETED, 4);
        assertThat(s.vmmState().state()).isEqualTo(VmmState.DESTROYED);
        assertThat(s.vmmState().gen()).isEqualTo(5);

        SledVmmState t = target.poke(targetVmm);
        assertMigration(t.migrationIn(), MigrationState.COMPLETED, 3);
        assertThat(t.vmmState().state()).isEqualTo(VmmState.RUNNING);
        assertThat(t.vmmState().gen()).isEqualTo(3);
        assertThat(t.vmmState().timeUpdated()).isEqualTo(clock.instant());

        assertThat(listener.of(sourceVmm)).hasSize(5);
        assertThat(listener.of(targetVmm)).hasSize(3);
    }

    @Test
    void sourceCrashFailsTheMigrationOnBothSides() {
        source.poke(sourceVmm);
        target.poke(targetVmm);
        SledVmmState s = source.fault(sourceVmm, "propolis_crashed");
        assertThat(s.vmmState().state()).isEqualTo(VmmState.FAILED);
        assertMigration(s.migrationOut(), MigrationState.FAILED, 4);

        SledVmmState t = target.state(targetVmm).orElseThrow();
        assertMigration(t.migrationIn(), MigrationState.FAILED, 3);
        assertThat(t.vmmState().state()).isEqualTo(VmmState.DESTROYED);
    }

    @Test
    void targetCrashSendsTheSourceBackToRunning() {
        source.poke(sourceVmm);
        SledVmmState t = target.fault(targetVmm, "propolis_crashed");
        assertThat(t.vmmState().state()).isEqualTo(VmmState.FAILED);
        assertMigration(t.migrationIn(), MigrationState.FAILED, 2);

        SledVmmState s = source.state(sourceVmm).orElseThrow();
        assertThat(s.vmmState().state()).isEqualTo(VmmState.RUNNING);
        assertThat(s.vmmState().gen()).isEqualTo(5);
        assertMigration(s.migrationOut(), MigrationState.FAILED, 4);
        // a failed migration leaves the source free to try again
        assertThat(source.request(sourceVmm, StateRequest.migrateOut(UUID.randomUUID(), UUID.randomUUID()))
                .migrationOut().state()).isEqualTo(MigrationState.PENDING);
    }

    @Test
    void migrateOutIsIdempotentAndOtherRequestsWaitForTheMigration() {
        SledVmmState again = source.request(sourceVmm, StateRequest.migrateOut(migration, targetVmm));
        assertThat(again.vmmState().gen()).isEqualTo(4);
        Assertions.assertThatThrownBy(() -> source.request(sourceVmm, StateRequest.of(RequestedState.STOPPED)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(target.request(targetVmm, StateRequest.of(RequestedState.RUNNING)).vmmState().state())
                .isEqualTo(VmmState.MIGRATING);
    }
}
