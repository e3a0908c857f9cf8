package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.doorbell.model.VmmState;
import java.util.Locale;

/**
 * The state a user sees for an instance, derived as omicron derives it from the control plane's
 * own record ({@code instance.state}) and the state of its active VMM, if any.
 *
 * <ul>
 *   <li>With an active VMM the VMM's state shows through, except: {@code stopped} shows as
 *       {@code stopping} (the VMM has stopped but is not yet released from the instance), and
 *       {@code destroyed} shows as {@code stopped}, or {@code migrating} while a migration is
 *       recorded on the instance (a completed migration's source ends destroyed before the target
 *       becomes active).</li>
 *   <li>Without one: {@code no_vmm} is {@code stopped}, {@code failed} is {@code failed},
 *       {@code destroyed} is {@code destroyed}; {@code vmm} without a visible VMM row (cannot happen
 *       with the control API, which writes both in one transaction) shows as {@code starting}.</li>
 * </ul>
 */
public enum EffectiveState {
    STARTING, RUNNING, STOPPING, STOPPED, REBOOTING, MIGRATING, FAILED, DESTROYED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param instanceState  {@code instance.state}: {@code no_vmm}, {@code vmm}, {@code failed} or {@code destroyed}
     * @param activeVmmState the active VMM's state, or null if the instance has none
     * @param migrating      whether the instance records a migration in progress
     */
    public static EffectiveState derive(String instanceState, VmmState activeVmmState, boolean migrating) {
        if (activeVmmState != null) {
            return switch (activeVmmState) {
                case STARTING -> STARTING;
                case RUNNING -> RUNNING;
                case STOPPING, STOPPED -> STOPPING;
                case REBOOTING -> REBOOTING;
                case MIGRATING -> MIGRATING;
                case FAILED -> FAILED;
                case DESTROYED -> migrating ? MIGRATING : STOPPED;
            };
        }
        return switch (instanceState) {
            case "no_vmm" -> STOPPED;
            case "failed" -> FAILED;
            case "destroyed" -> DESTROYED;
            case "vmm" -> STARTING;
            default -> throw new IllegalArgumentException("unknown instance state " + instanceState);
        };
    }
}
