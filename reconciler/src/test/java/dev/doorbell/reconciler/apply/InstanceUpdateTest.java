package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The instance record after an update, for the cases of omicron's {@code UpdatesRequired::for_instance}.
 * Columns: the active and target VMMs' states ({@code -}: none), the migration's source and target
 * side states ({@code -}: no migration), then the expected instance state, active VMM
 * ({@code source}, {@code target} or {@code -}), whether the target VMM and the migration are still
 * linked, and the failure reason.
 */
class InstanceUpdateTest {

    private static final UUID SOURCE = UUID.randomUUID();
    private static final UUID TARGET = UUID.randomUUID();
    private static final UUID MIGRATION = UUID.randomUUID();

    @ParameterizedTest(name = "active {0}, target {1}, migration {2}/{3} -> {4} {5} target={6} migration={7} {8}")
    @CsvSource(nullValues = "-", value = {
            // no migration
            "running, -, -, -, vmm, source, false, false, -",
            "destroyed, -, -, -, no_vmm, -, false, false, -",
            "failed, -, -, -, failed, -, false, false, no_such_instance",
            // migrating, nothing decided
            "migrating, migrating, in_progress, pending, vmm, source, true, true, -",
            // either side completed: the target is active; only the target's completion unlinks the migration
            "migrating, migrating, completed, in_progress, vmm, target, true, true, -",
            "destroyed, migrating, completed, in_progress, vmm, target, true, true, -",
            "migrating, running, in_progress, completed, vmm, target, false, false, -",
            "destroyed, running, completed, completed, vmm, target, false, false, -",
            // completed, but the target is gone too: nothing is active (the migration stays linked until
            // the target side reports completed, as in omicron)
            "destroyed, destroyed, completed, completed, no_vmm, -, false, false, -",
            "failed, failed, completed, in_progress, failed, -, false, true, from_sled_agent",
            "running, failed, completed, completed, failed, -, false, false, from_sled_agent",
            // failed on either side: back to the source
            "running, migrating, failed, in_progress, vmm, source, false, false, -",
            "running, failed, in_progress, failed, vmm, source, false, false, -",
            "destroyed, migrating, in_progress, failed, no_vmm, -, false, false, -",
            // a terminal target without an outcome yet: unlinked, the migration stays
            "migrating, destroyed, in_progress, pending, vmm, source, false, true, -",
    })
    void updatesAsOmicronsInstanceUpdateSaga(String active, String target, String sourceSide, String targetSide,
                                             String state, String activeVmm, boolean targetLinked, boolean migrationLinked,
                                             String reason) {
        InstanceUpdate.Snapshot snapshot = snapshot(active, target, sourceSide, targetSide);

        InstanceUpdate.Runtime next = InstanceUpdate.next(snapshot);

        assertThat(next.state()).isEqualTo(state);
        assertThat(next.activeVmmId()).isEqualTo(vmm(activeVmm));
        assertThat(next.targetVmmId()).isEqualTo(targetLinked ? TARGET : null);
        assertThat(next.migrationId()).isEqualTo(migrationLinked ? MIGRATION : null);
        assertThat(next.failureReason()).isEqualTo(reason);
    }

    /** An instance on {@code SOURCE}, with {@code TARGET} linked if it has a state, migrating if a side has one. */
    private static InstanceUpdate.Snapshot snapshot(String active, String target, String sourceSide, String targetSide) {
        boolean migrating = sourceSide != null;
        return new InstanceUpdate.Snapshot(UUID.randomUUID(), "vmm", SOURCE,
                target == null ? null : TARGET, migrating ? MIGRATION : null, null, active, reasonIfFailed(active, "no_such_instance"),
                target, sourceSide, targetSide, migrating ? TARGET : null,
                migrating ? target : null, reasonIfFailed(target, "from_sled_agent"));
    }

    private static String reasonIfFailed(String vmmState, String reason) {
        return "failed".equals(vmmState) ? reason : null;
    }

    /** {@code source}, {@code target} or null, as the VMM's id. */
    private static UUID vmm(String which) {
        if (which == null) {
            return null;
        }
        return which.equals("source") ? SOURCE : TARGET;
    }
}
