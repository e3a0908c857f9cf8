package dev.doorbell.chaos.rehearsal;

import dev.doorbell.model.SledVmmState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A VMM whose row in the database does not hold its sled's state and generation (or that the
 * database or the sled does not know at all).
 *
 * @param vmm      the VMM
 * @param sled     what its sled says, or null if the sled no longer knows it
 * @param database what the database says, or null if it has no row
 */
public record Divergence(UUID vmm, SledVmmState sled, VmmRow database) {

    /** Every VMM placed on {@code fleet} whose database row differs from its sled's state and generation. */
    public static List<Divergence> between(List<RehearsalSled> fleet, Map<UUID, VmmRow> database) {
        List<Divergence> divergences = new ArrayList<>();
        for (RehearsalSled sled : fleet) {
            Map<UUID, SledVmmState> states = sled.states();
            for (UUID vmm : sled.vmms()) {
                SledVmmState onSled = states.get(vmm);
                VmmRow row = database.get(vmm);
                if (onSled == null || row == null || !row.state().equals(onSled.vmmState().state().wireName())
                        || row.generation() != onSled.vmmState().gen()) {
                    divergences.add(new Divergence(vmm, onSled, row));
                }
            }
        }
        return divergences;
    }

    @Override
    public String toString() {
        return vmm + ": sled " + (sled == null ? "forgot it" : sled.vmmState().state().wireName() + " gen " + sled.vmmState().gen())
                + ", database " + (database == null ? "no row" : database.state() + " gen " + database.generation());
    }
}
