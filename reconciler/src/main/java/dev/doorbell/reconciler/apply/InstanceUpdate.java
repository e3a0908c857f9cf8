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

    private static final String FAILED = "failed";
    private static final String COMPLETED = "completed";

    private InstanceUpdate() {}

    static Runtime current(Snapshot s) {
        return new Runtime(s.state(), s.activeVmmId(), s.targetVmmId(), s.migrationId(), s.failureReason());
    }

    /** The instance's record after the update: the rules of the class comment, in their order. */
    static Runtime next(Snapshot s) {
        Active active = activeAfterItsState(s);
        UUID target = targetAfterItsState(s);
        UUID migration = s.migrationId();
        if (migration != null && s.migrationTarget() != null) {
            if (migrationFailed(s)) {
                migration = null;
                target = null;
            } else if (migrationCompleted(s)) {
                active = activeAfterCompletion(s);
                if (COMPLETED.equals(s.migrationTargetState())) {
                    migration = null;
                    target = null;
                }
            }
        }
        return settle(s, active, target, migration);
    }

    /**
     * The instance's active VMM as the update has it so far.
     *
     * @param id            the active VMM, null if there is none (any more)
     * @param failed        the VMM that was active failed
     * @param failureReason its failure reason
     * @param targetEnded   the VMM that ended is the migration target the instance moved to
     */
    private record Active(UUID id, boolean failed, String failureReason, boolean targetEnded) {}

    /** Rule: a terminal active VMM is unlinked; whether it failed is kept for the instance's state. */
    private static Active activeAfterItsState(Snapshot s) {
        if (s.activeVmmId() != null && terminal(s.activeVmmState())) {
            return new Active(null, FAILED.equals(s.activeVmmState()), s.activeVmmReason(), false);
        }
        return new Active(s.activeVmmId(), false, s.activeVmmReason(), false);
    }

    /** Rule: a terminal target VMM is unlinked. */
    private static UUID targetAfterItsState(Snapshot s) {
        return s.targetVmmId() != null && terminal(s.targetVmmState()) ? null : s.targetVmmId();
    }

    /** Rule: a migration failed on either side (this wins over a completion on the other). */
    private static boolean migrationFailed(Snapshot s) {
        return FAILED.equals(s.migrationSourceState()) || FAILED.equals(s.migrationTargetState());
    }

    /** Rule: a migration completed on either side. */
    private static boolean migrationCompleted(Snapshot s) {
        return COMPLETED.equals(s.migrationSourceState()) || COMPLETED.equals(s.migrationTargetState());
    }

    /**
     * Rule: after a completed migration the migration's target is active, even if a terminal state already
     * unlinked it as the instance's target; if it has ended, as if it had ended as the active VMM (so the
     * outcome does not depend on whether its end was seen before or after the completion).
     */
    private static Active activeAfterCompletion(Snapshot s) {
        if (terminal(s.migrationTargetVmmState())) {
            return new Active(null, FAILED.equals(s.migrationTargetVmmState()), s.migrationTargetVmmReason(), true);
        }
        return new Active(s.migrationTarget(), false, null, false);
    }

    /**
     * Rule: the instance's state follows its active VMM: {@code vmm} with one; without one, {@code failed} if the
     * VMM that was active failed, else {@code no_vmm}; an instance that had nothing active is left as it is.
     */
    private static Runtime settle(Snapshot s, Active active, UUID target, UUID migration) {
        if (active.id() != null) {
            return new Runtime("vmm", active.id(), target, migration, null);
        }
        if (!"vmm".equals(s.state()) && s.activeVmmId() == null && !active.targetEnded()) {
            return new Runtime(s.state(), null, target, migration, s.failureReason()); // nothing was active: leave it
        }
        // the reason CHECK holds for a failed VMM; the fallback only guards a row written before it
        return active.failed()
                ? new Runtime(FAILED, null, target, migration, Objects.requireNonNullElse(active.failureReason(), "from_sled_agent"))
                : new Runtime("no_vmm", null, target, migration, null);
    }

    private static boolean terminal(String vmmState) {
        return VmmState.isTerminal(vmmState);
    }
}
