package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SledStateMachineTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingListener listener = new RecordingListener();
    private final Sled sled = Sled.builder(UUID.randomUUID())
            .clock(clock).stepping(SteppingMode.EXPLICIT, Duration.ZERO).retention(Duration.ofMinutes(10))
            .listener(listener).build();

    @AfterEach
    void close() {
        sled.close();
    }

    private UUID started() {
        UUID id = UUID.randomUUID();
        sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
        sled.request(id, StateRequest.of(RequestedState.RUNNING));
        sled.poke(id);
        return id;
    }

    private static void assertVmm(SledVmmState s, VmmState state, long gen) {
        assertThat(s.vmmState().state()).isEqualTo(state);
        assertThat(s.vmmState().gen()).isEqualTo(gen);
    }

    @Test
    void startGoesStartingThenRunning() {
        UUID id = UUID.randomUUID();
        assertVmm(sled.ensure(id, EnsureRequest.of(UUID.randomUUID())), VmmState.STARTING, 2);
        assertThat(sled.hasPendingStep(id)).isFalse();
        assertVmm(sled.request(id, StateRequest.of(RequestedState.RUNNING)), VmmState.STARTING, 2);
        clock.advance(Duration.ofSeconds(1));
        SledVmmState running = sled.poke(id);
        assertVmm(running, VmmState.RUNNING, 3);
        assertThat(running.vmmState().timeUpdated()).isEqualTo(clock.instant());
        assertThat(listener.of(id)).extracting(s -> s.vmmState().state()).containsExactly(VmmState.STARTING, VmmState.RUNNING);
        assertThatThrownBy(() -> sled.poke(id)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void ensureIsIdempotentForTheSameInstanceOnly() {
        UUID id = UUID.randomUUID();
        UUID instance = UUID.randomUUID();
        sled.ensure(id, EnsureRequest.of(instance));
        assertVmm(sled.ensure(id, EnsureRequest.of(instance)), VmmState.STARTING, 2);
        assertThatThrownBy(() -> sled.ensure(id, EnsureRequest.of(UUID.randomUUID())))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(listener.of(id)).hasSize(1);
    }

    @Test
    void stopGoesStoppingStoppedDestroyed() {
        UUID id = started();
        assertVmm(sled.request(id, StateRequest.of(RequestedState.STOPPED)), VmmState.STOPPING, 4);
        assertVmm(sled.request(id, StateRequest.of(RequestedState.STOPPED)), VmmState.STOPPING, 4);
        assertVmm(sled.poke(id), VmmState.STOPPED, 5);
        assertVmm(sled.poke(id), VmmState.DESTROYED, 6);
        assertThat(sled.hasPendingStep(id)).isFalse();
        assertThatThrownBy(() -> sled.request(id, StateRequest.of(RequestedState.RUNNING)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(listener.of(id)).extracting(s -> s.vmmState().gen()).containsExactly(2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void rebootGoesRebootingThenRunning() {
        UUID id = started();
        assertVmm(sled.request(id, StateRequest.of(RequestedState.REBOOT)), VmmState.REBOOTING, 4);
        assertVmm(sled.poke(id), VmmState.RUNNING, 5);
    }

    @Test
    void crashFailsWithReasonAndStaysFailed() {
        UUID id = started();
        SledVmmState failed = sled.fault(id, "propolis_crashed");
        assertVmm(failed, VmmState.FAILED, 4);
        assertThat(failed.vmmState().failureReason()).isEqualTo("propolis_crashed");
        assertThat(sled.fault(id, "again")).isEqualTo(failed);
        assertThatThrownBy(() -> sled.request(id, StateRequest.of(RequestedState.REBOOT)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(listener.of(id)).hasSize(3);
    }

    @Test
    void invalidRequestsAreRejected() {
        UUID id = UUID.randomUUID();
        sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
        assertThatThrownBy(() -> sled.request(id, StateRequest.of(RequestedState.REBOOT)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> sled.request(id, StateRequest.migrateOut(UUID.randomUUID(), UUID.randomUUID())))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> sled.request(UUID.randomUUID(), StateRequest.of(RequestedState.RUNNING)))
                .isInstanceOf(UnknownVmmException.class);
    }

    @Test
    void terminalVmmsStayReadableForTheRetentionPeriodThenAreUnknown() {
        UUID id = started();
        sled.fault(id, "propolis_crashed");
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(sled.state(id)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(sled.state(id)).isEmpty();
        assertThatThrownBy(() -> sled.poke(id)).isInstanceOf(UnknownVmmException.class);
        assertThat(sled.size()).isZero();
    }

    @Test
    void runningVmmsAreNeverExpired() {
        UUID id = started();
        clock.advance(Duration.ofDays(1));
        sled.purgeExpired();
        assertThat(sled.state(id)).isPresent();
    }

    @Test
    void notificationsCarryEveryObservedChangeInOrder() {
        UUID id = started();
        sled.request(id, StateRequest.of(RequestedState.REBOOT));
        sled.poke(id);
        sled.request(id, StateRequest.of(RequestedState.STOPPED));
        sled.poke(id);
        sled.poke(id);
        List<SledVmmState> seen = listener.of(id);
        assertThat(seen).extracting(s -> s.vmmState().state()).containsExactly(VmmState.STARTING, VmmState.RUNNING,
                VmmState.REBOOTING, VmmState.RUNNING, VmmState.STOPPING, VmmState.STOPPED, VmmState.DESTROYED);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(sled.state(id).orElseThrow());
    }

    @Test
    void migrationStepsOnOneSideAreRecordedWithTheirOwnGeneration() {
        UUID id = started();
        UUID migration = UUID.randomUUID();
        SledVmmState s = sled.request(id, StateRequest.migrateOut(migration, UUID.randomUUID()));
        assertVmm(s, VmmState.MIGRATING, 4);
        assertThat(s.migrationOut().state()).isEqualTo(MigrationState.PENDING);
        assertThat(s.migrationOut().gen()).isEqualTo(2);
        s = sled.poke(id);
        assertVmm(s, VmmState.MIGRATING, 4);
        assertThat(s.migrationOut().state()).isEqualTo(MigrationState.IN_PROGRESS);
        assertThat(s.migrationOut().gen()).isEqualTo(3);
        assertThat(listener.of(id)).hasSize(4);
    }
}
