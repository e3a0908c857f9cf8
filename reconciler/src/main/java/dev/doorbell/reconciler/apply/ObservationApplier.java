package dev.doorbell.reconciler.apply;

import dev.doorbell.reconciler.apply.BatchPlan.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Applies a batch of observations to the {@code vmm}, {@code migration} and {@code instance}
 * tables in one transaction, with JDBC batches of prepared statements: screen, then per round of the
 * batch's plan guard, then react.
 *
 * <p>Contract:
 * <ul>
 * <li>Screen: rows belong to the control plane: an observation of a VMM or migration the database has no
 *     row for is refused whole ({@link UnknownRows#REFUSE}, the live consumer), except in a rebuild
 *     ({@link UnknownRows#ADOPT}). So is a self-migration ({@code migration_in} and
 *     {@code migration_out} of one migration) and a migration side reported by a VMM that is not
 *     that side's VMM of the migration row (the source reports {@code migration_out}, the target
 *     {@code migration_in}). Refusals are returned in {@link ApplyResult#refusals()}; everything
 *     else of the batch is applied ({@link ObservationScreen}). A batch naming no migration is screened
 *     after its writes, which change nothing for a VMM without a row: only the VMMs no write found are
 *     looked up (none, at a steady stream of changes).</li>
 * <li>Guard: a VMM row changes only if the reported generation is greater than its
 *     {@code state_generation}, a migration side only if its own generation is greater;
 *     {@code last_observed_at} moves forward on every reported state and never backwards.
 *     {@code NoSuchVmm} marks a non-terminal VMM {@code failed} with reason
 *     {@code no_such_instance}; {@code SledUnreachable} does so with {@code sled_off} /
 *     {@code sled_expunged} only if the VMM's sled row says so. Either bumps
 *     {@code state_generation} by one (as omicron's {@code mark_vmm_failed} does): a sled that
 *     forgot the VMM never reports a higher generation, so the failure sticks, while a sled that
 *     does still know it and moves on wins with its next generation. The columns each write sets:
 *     {@link GuardedWrites}.</li>
 * <li>React, in the same transaction: every instance whose active or target VMM a change left
 *     terminal, or whose migration had a side change, is updated by {@link InstanceUpdate}
 *     (omicron's instance-update saga) from the rows as they then are ({@link InstanceUpdates}). A
 *     VMM change to a state that is not terminal cannot change an instance's record (its rules ask of
 *     a VMM only whether it ended), so it is not looked up, as omicron's {@code update_saga_needed}
 *     starts no saga for it.</li>
 * <li>The result equals applying the observations one at a time in order, whatever the batch
 *     boundaries: see {@link BatchPlan}. Times come from the observations, never from the clock,
 *     so a replay writes the same rows.</li>
 * </ul>
 * Thread-safe: each call uses its own connection.
 */
public final class ObservationApplier {

    private final DataSource dataSource;
    private final UnknownRows unknownRows;
    private final GuardedWrites guarded;

    /** An applier that refuses observations of rows the control plane did not create (live consumption). */
    public ObservationApplier(DataSource dataSource) {
        this(dataSource, UnknownRows.REFUSE);
    }

    public ObservationApplier(DataSource dataSource, UnknownRows unknownRows) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.unknownRows = Objects.requireNonNull(unknownRows, "unknownRows");
        this.guarded = new GuardedWrites(unknownRows);
    }

    /**
     * Applies {@code batch} (in consumption order) in one transaction.
     *
     * @throws SQLException when the database fails; nothing of the batch is then committed
     */
    public ApplyResult apply(List<Observation> batch) throws SQLException {
        if (batch.isEmpty()) {
            return ApplyResult.EMPTY;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean screenAfter = ObservationScreen.deferrable(batch, unknownRows);
                ObservationScreen.Screened screened = screenAfter
                        ? new ObservationScreen.Screened(batch, List.of())
                        : ObservationScreen.screen(connection, batch, unknownRows);
                Totals totals = new Totals();
                for (List<Step> round : BatchPlan.of(screened.accepted()).rounds()) {
                    applyRound(connection, round, totals);
                }
                List<Refusal> refused = screenAfter
                        ? ObservationScreen.afterWrites(connection, batch, totals.found)
                        : screened.refused();
                connection.commit();
                int reported = reportedAndNotRefused(batch, refused);
                return new ApplyResult(batch.size(), totals.vmmRowsChanged, reported - totals.vmmRowsChanged,
                        totals.migrationSidesChanged, totals.markedFailed, totals.instancesChanged, refused);
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** The reported states of {@code batch} that were not refused: those the guard applied or found stale. */
    private static int reportedAndNotRefused(List<Observation> batch, List<Refusal> refused) {
        Set<Integer> refusedAt = new HashSet<>();
        for (Refusal r : refused) {
            refusedAt.add(r.index());
        }
        int reported = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Observation.Reported && !refusedAt.contains(i)) {
                reported++;
            }
        }
        return reported;
    }

    private static final class Totals {
        final Set<UUID> found = new HashSet<>();
        int vmmRowsChanged;
        int migrationSidesChanged;
        int markedFailed;
        int instancesChanged;
    }

    /** Guard, then react: the round's rows behind their generation guards, then the instances of what changed. */
    private void applyRound(Connection connection, List<Step> round, Totals totals) throws SQLException {
        GuardedWrites.Changes changes = guarded.write(connection, round);
        totals.vmmRowsChanged += changes.vmmRowsChanged();
        totals.migrationSidesChanged += changes.migrationSidesChanged();
        totals.markedFailed += changes.markedFailed();
        totals.found.addAll(changes.found());
        totals.instancesChanged += InstanceUpdates.update(connection, changes.ended(), changes.vmms(), changes.migrations());
    }
}
