package dev.doorbell.reconciler.sweep;

import dev.doorbell.reconciler.control.VmmGenerations.Generations;
import dev.doorbell.reconciler.control.VmmGenerations.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sweep's rule: which VMMs to ring, given what the database holds and what their sled answered
 * in bulk. A VMM is rung only if the sled knows something the database does not, which is exactly
 * when the applier would change a row for what a fetch would pull (it changes a VMM row or a
 * migration side only for a greater generation, and marks a VMM the sled does not know failed):
 * <ul>
 *   <li>the sled reports it with a greater {@code vmm_state.gen} than {@code state_generation};</li>
 *   <li>the sled reports a {@code migration_in} ({@code migration_out}) with a greater generation than
 *       the migration row's {@code target_gen} ({@code source_gen}), or the database has no such row;</li>
 *   <li>the sled does not know it and the database has it neither {@code failed} (nothing to learn) nor
 *       {@code creating} (no sled need know it yet): the fetch gets {@code NO_SUCH_INSTANCE}.</li>
 * </ul>
 * Anything else is confirmed in sync. A VMM the sled's answer does not mention is not confirmed:
 * it goes with the VMMs whose sled could not be asked ({@link #ringUnchecked}). Pure; no I/O.
 */
final class SweepComparison {

    /** A migration row's two generations. */
    record MigrationGens(long sourceGen, long targetGen) {}

    /**
     * What one comparison decided.
     *
     * @param ring      VMMs to ring, in the order given
     * @param confirmed VMMs in sync with their sled's answer
     * @param unchecked VMMs the answer did not mention (to be treated as if the sled could not be asked)
     */
    record Decision(List<SweptVmm> ring, List<SweptVmm> confirmed, List<SweptVmm> unchecked) {}

    private SweepComparison() {}

    /**
     * @param vmms       database rows of VMMs one sled was asked about
     * @param known      the states the sled reported, by VMM
     * @param unknown    the ids the sled said it does not know
     * @param migrations the database's rows of every migration {@code known} names (absent: no row)
     */
    static Decision decide(List<SweptVmm> vmms, Map<UUID, Generations> known, Set<UUID> unknown,
                           Map<UUID, MigrationGens> migrations) {
        List<SweptVmm> ring = new ArrayList<>();
        List<SweptVmm> confirmed = new ArrayList<>();
        List<SweptVmm> unchecked = new ArrayList<>();
        for (SweptVmm vmm : vmms) {
            Generations reported = known.get(vmm.id());
            boolean toRing;
            if (reported != null) {
                toRing = sledIsAhead(vmm, reported, migrations);
            } else if (unknown.contains(vmm.id())) {
                toRing = !vmm.creating() && !SweptVmm.FAILED.equals(vmm.state());
            } else {
                unchecked.add(vmm);
                continue;
            }
            (toRing ? ring : confirmed).add(vmm);
        }
        return new Decision(ring, confirmed, unchecked);
    }

    /** Whether a VMM whose sled could not be asked is rung: every one but {@code creating} ones, as omicron's watcher does. */
    static boolean ringUnchecked(SweptVmm vmm) {
        return !vmm.creating();
    }

    /** The migrations {@code states} report, on either side. */
    static Set<UUID> migrationIds(Collection<Generations> states) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Generations s : states) {
            if (s.migrationIn() != null) {
                ids.add(s.migrationIn().migrationId());
            }
            if (s.migrationOut() != null) {
                ids.add(s.migrationOut().migrationId());
            }
        }
        return ids;
    }

    private static boolean sledIsAhead(SweptVmm vmm, Generations reported, Map<UUID, MigrationGens> migrations) {
        if (reported.gen() > vmm.generation()) {
            return true;
        }
        return sideIsAhead(reported.migrationIn(), migrations, true) || sideIsAhead(reported.migrationOut(), migrations, false);
    }

    private static boolean sideIsAhead(Side side, Map<UUID, MigrationGens> migrations, boolean target) {
        if (side == null) {
            return false;
        }
        MigrationGens row = migrations.get(side.migrationId());
        if (row == null) {
            return true;
        }
        return side.gen() > (target ? row.targetGen() : row.sourceGen());
    }
}
