package dev.doorbell.reconciler.apply;

import dev.doorbell.model.VmmState;
import java.util.Objects;
import java.util.UUID;

/**
 * What an instance's record becomes, given the states of its VMMs and migration: omicron's
 * instance-update saga ({@code UpdatesRequired::for_instance}) as a pure function.
 * <ul>
 *   <li>A terminal active VMM is unlinked; if it failed, the instance fails with the VMM's reason.</li>
 *   <li>A terminal target VMM is unlinked.</li>
 *   <li>A failed migration (either side) clears the migration and the target.</li>
 *   <li>Otherwise a completed migration (either side) makes the migration's target the active VMM;
 *       if that VMM has ended, the instance has none, and is {@code failed} if it failed (omicron
 *       leaves such an instance {@code no_vmm} unless the source failed; following the target makes
 *       the outcome independent of the order in which the two facts were applied); only the <em>target</em> side's completion clears the migration and the
 *       target, so no migration out of the target starts before the migration in has finished.</li>
 *   <li>Without an active VMM the instance is {@code failed} (active VMM failed) or {@code no_vmm}.</li>
 * </ul>
 */
final class InstanceUpdate {

    /**
     * An instance and what it points at, read together.
     *
     * @param activeVmmState  the active VMM's state (database text), null without one
     * @param activeVmmReason the active VMM's failure reason
     * @param targetVmmState  the target VMM's state, null without one
     * @param migrationTarget the migration row's target VMM, null without a migration row
     * @param migrationTargetVmmState that VMM's state (it may no longer be linked as the instance's target)
     */
    record Snapshot(UUID instanceId, String state, UUID activeVmmId, UUID targetVmmId, UUID migrationId, String failureReason,
                    String activeVmmState, String activeVmmReason, String targetVmmState, String migrationSourceState,
                    String migrationTargetState, UUID migrationTarget, String migrationTargetVmmState,
                    String migrationTargetVmmReason) {}

    /** The instance columns the update owns. */
    record Runtime(String state, UUID activeVmmId, UUID targetVmmId, UUID migrationId, String failureReason) {}

    private InstanceUpdate() {}

    static Runtime current(Snapshot s) {
        return new Runtime(s.state(), s.activeVmmId(), s.targetVmmId(), s.migrationId(), s.failureReason());
    }

    static Runtime next(Snapshot s) {
        UUID active = s.activeVmmId();
        UUID target = s.targetVmmId();
        UUID migration = s.migrationId();
        boolean activeFailed = false;
        boolean targetEnded = false;
        String failedReason = s.activeVmmReason();
        if (active != null && terminal(s.activeVmmState())) {
            active = null;
            activeFailed = "failed".equals(s.activeVmmState());
        }
        boolean targetGone = s.targetVmmId() != null && terminal(s.targetVmmState());
        if (targetGone) {
            target = null;
        }
        if (migration != null && s.migrationTarget() != null) {
            if ("failed".equals(s.migrationSourceState()) || "failed".equals(s.migrationTargetState())) {
                migration = null;
                target = null;
            } else if ("completed".equals(s.migrationSourceState()) || "completed".equals(s.migrationTargetState())) {
                // the migration's target, even if a terminal state already unlinked it as the instance's target
                active = s.migrationTarget();
                if (terminal(s.migrationTargetVmmState())) {
                    // the target the instance moved to has ended: as if it had ended as the active VMM (so the
                    // outcome does not depend on whether its end was seen before or after the completion)
                    active = null;
                    targetEnded = true;
                    activeFailed = "failed".equals(s.migrationTargetVmmState());
                    failedReason = s.migrationTargetVmmReason();
                }
                if ("completed".equals(s.migrationTargetState())) {
                    migration = null;
                    target = null;
                }
            }
        }
        if (active != null) {
            return new Runtime("vmm", active, target, migration, null);
        }
        if (!"vmm".equals(s.state()) && s.activeVmmId() == null && !targetEnded) {
            return new Runtime(s.state(), null, target, migration, s.failureReason()); // nothing was active: leave it
        }
        // the reason CHECK holds for a failed VMM; the fallback only guards a row written before it
        return activeFailed
                ? new Runtime("failed", null, target, migration, Objects.requireNonNullElse(failedReason, "from_sled_agent"))
                : new Runtime("no_vmm", null, target, migration, null);
    }

    private static boolean terminal(String vmmState) {
        return VmmState.isTerminal(vmmState);
    }
}
