package dev.doorbell.reconciler.apply;

import dev.doorbell.model.MigrationRuntimeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch of observations reduced to what changes the database, in rounds. Per VMM, consecutive
 * reported states reduce to the one of highest generation (and each migration side to its own
 * highest generation): under generation guards that is what applying them one by one would leave.
 * A {@code NoSuchVmm} or {@code SledUnreachable} reads the row, so it is a barrier: what comes
 * before it is applied in an earlier round than what comes after it. Round {@code k} holds the
 * {@code k}-th step of every VMM, so within a round every VMM appears at most once. The result is
 * therefore the same for any split of the stream into batches.
 */
record BatchPlan(List<List<Step>> rounds) {

    sealed interface Step {
        UUID vmmId();
    }

    /**
     * The newest reported state of one VMM, the newest report of each migration side it carries,
     * and the latest {@code observedAt} of the reports it reduces (whatever their generations).
     */
    record StateStep(Observation.Reported newest, List<SideReport> sides, Instant lastObservedAt) implements Step {
        @Override
        public UUID vmmId() {
            return newest.vmmId();
        }
    }

    record NoSuchStep(Observation.NoSuchVmm observation) implements Step {
        @Override
        public UUID vmmId() {
            return observation.vmmId();
        }
    }

    record UnreachableStep(Observation.SledUnreachable observation) implements Step {
        @Override
        public UUID vmmId() {
            return observation.vmmId();
        }
    }

    /** Which side of a migration a VMM reports: the source reports {@code migration_out}, the target {@code migration_in}. */
    enum Side { SOURCE, TARGET }

    record SideReport(Side side, UUID vmmId, MigrationRuntimeState state, Instant observedAt) {}

    static BatchPlan of(List<Observation> batch) {
        Map<UUID, List<Step>> perVmm = new LinkedHashMap<>();
        for (Observation observation : batch) {
            List<Step> steps = perVmm.computeIfAbsent(observation.vmmId(), id -> new ArrayList<>());
            Step last = steps.isEmpty() ? null : steps.getLast();
            switch (observation) {
                case Observation.Reported reported -> {
                    if (last instanceof StateStep previous) {
                        steps.set(steps.size() - 1, merge(previous, reported));
                    } else {
                        steps.add(merge(null, reported));
                    }
                }
                // a repeated barrier finds the row as the first one left it: it does nothing more
                case Observation.NoSuchVmm noSuch -> {
                    if (!(last instanceof NoSuchStep)) {
                        steps.add(new NoSuchStep(noSuch));
                    }
                }
                case Observation.SledUnreachable unreachable -> {
                    if (!(last instanceof UnreachableStep)) {
                        steps.add(new UnreachableStep(unreachable));
                    }
                }
            }
        }
        List<List<Step>> rounds = new ArrayList<>();
        for (List<Step> steps : perVmm.values()) {
            for (int k = 0; k < steps.size(); k++) {
                if (rounds.size() <= k) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(k).add(steps.get(k));
            }
        }
        return new BatchPlan(rounds);
    }

    // Ties keep the earlier report: the guard is strict (<), so a later equal generation changes nothing.
    private static StateStep merge(StateStep previous, Observation.Reported reported) {
        Observation.Reported newest = previous == null || reported.vmm().gen() > previous.newest().vmm().gen()
                ? reported : previous.newest();
        List<SideReport> sides = previous == null ? new ArrayList<>() : new ArrayList<>(previous.sides());
        if (reported.migrationOut() != null) {
            mergeSide(sides, new SideReport(Side.SOURCE, reported.vmmId(), reported.migrationOut(), reported.observedAt()));
        }
        if (reported.migrationIn() != null) {
            mergeSide(sides, new SideReport(Side.TARGET, reported.vmmId(), reported.migrationIn(), reported.observedAt()));
        }
        Instant lastObservedAt = previous == null || reported.observedAt().isAfter(previous.lastObservedAt())
                ? reported.observedAt() : previous.lastObservedAt();
        return new StateStep(newest, sides, lastObservedAt);
    }

    private static void mergeSide(List<SideReport> sides, SideReport report) {
        for (int i = 0; i < sides.size(); i++) {
            SideReport existing = sides.get(i);
            if (existing.side() == report.side() && existing.state().migrationId().equals(report.state().migrationId())) {
                if (report.state().gen() > existing.state().gen()) {
                    sides.set(i, report);
                }
                return;
            }
        }
        sides.add(report);
    }
}
