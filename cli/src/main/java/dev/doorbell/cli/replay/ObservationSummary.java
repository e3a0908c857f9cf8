package dev.doorbell.cli.replay;

import dev.doorbell.schemas.avro.MigrationRuntimeState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmRuntimeState;
import dev.doorbell.schemas.avro.VmmStateObservation;

/**
 * One readable line for an observation, e.g.
 * {@code fetch api 2.0.0 sled 5c…, 3 rings: running gen 7, migration_out 9f… completed gen 2}.
 */
final class ObservationSummary {

    private ObservationSummary() {}

    static String of(VmmStateObservation o) {
        StringBuilder s = new StringBuilder();
        s.append(o.getSource()).append(" api ").append(o.getSledApiVersion()).append(" sled ").append(o.getSledId());
        if (o.getRings() > 0) {
            s.append(", ").append(o.getRings()).append(o.getRings() == 1 ? " ring" : " rings");
        }
        s.append(": ").append(outcome(o.getOutcome()));
        return s.toString();
    }

    static String outcome(Object outcome) {
        return switch (outcome) {
            case SledVmmState state -> state(state);
            case NoSuchVmm ignored -> "NoSuchVmm";
            case SledUnreachable u -> "SledUnreachable after " + u.getAttempts() + (u.getAttempts() == 1 ? " attempt: " : " attempts: ")
                    + u.getError();
            case null -> "(no outcome)";
            default -> outcome.toString();
        };
    }

    private static String state(SledVmmState state) {
        VmmRuntimeState vmm = state.getVmmState();
        StringBuilder s = new StringBuilder().append(vmm.getState()).append(" gen ").append(vmm.getGen());
        if (vmm.getFailureReason() != null) {
            s.append(" (").append(vmm.getFailureReason()).append(')');
        }
        migration(s, "migration_in", state.getMigrationIn());
        migration(s, "migration_out", state.getMigrationOut());
        return s.toString();
    }

    private static void migration(StringBuilder s, String name, MigrationRuntimeState m) {
        if (m != null) {
            s.append(", ").append(name).append(' ').append(m.getMigrationId()).append(' ').append(m.getState())
                    .append(" gen ").append(m.getGen());
        }
    }
}
