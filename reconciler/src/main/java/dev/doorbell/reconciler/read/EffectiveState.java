package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state a user sees for an instance: omicron's {@code InstanceStateComputer}
 * ({@code nexus/db-model/src/vmm_state.rs}), from the control plane's own record
 * ({@code instance.state}), whether the instance records a migration ({@code migration_id}) and
 * the state of its active VMM, if any.
 *
 * <ul>
 *   <li>With an active VMM (instance {@code vmm}): a recorded migration shows as {@code migrating},
 *       whatever the VMM's state (a completed migration's source ends destroyed before the instance
 *       points at the target). Otherwise {@code creating} and {@code starting} show as
 *       {@code starting}; {@code stopped}, {@code destroyed} and {@code failed} as {@code stopping}
 *       (the VMM is not yet unlinked from the instance, and a failed instance must be startable
 *       only once it is); the rest show through.</li>
 *   <li>Without one: {@code no_vmm} (and {@code vmm}, which the control plane never leaves without
 *       an active VMM) is {@code stopped}; {@code creating}, {@code failed} and {@code destroyed}
 *       show as themselves.</li>
 * </ul>
 */
public enum EffectiveState {
    CREATING, STARTING, RUNNING, STOPPING, STOPPED, REBOOTING, MIGRATING, FAILED, DESTROYED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param instanceState  {@code instance.state}: {@code creating}, {@code no_vmm}, {@code vmm}, {@code failed} or
     *                       {@code destroyed}
     * @param activeVmmState the active VMM's {@code vmm.state}, or null if the instance has none
     * @param migrationIdSet whether {@code instance.migration_id} is set
     * @throws IllegalArgumentException for a state the schema does not allow
     */
    public static EffectiveState derive(String instanceState, String activeVmmState, boolean migrationIdSet) {
        if ("vmm".equals(instanceState) && activeVmmState != null) {
            if (migrationIdSet) {
                return MIGRATING;
            }
            return switch (activeVmmState) {
                case "creating", "starting" -> STARTING;
                case "running" -> RUNNING;
                case "stopping", "stopped", "destroyed", "failed" -> STOPPING;
                case "rebooting" -> REBOOTING;
                case "migrating" -> MIGRATING;
                default -> throw new IllegalArgumentException("unknown VMM state " + activeVmmState);
            };
        }
        return switch (instanceState) {
            case "no_vmm", "vmm" -> STOPPED;
            case "creating" -> CREATING;
            case "failed" -> FAILED;
            case "destroyed" -> DESTROYED;
            default -> throw new IllegalArgumentException("unknown instance state " + instanceState);
        };
    }
}
