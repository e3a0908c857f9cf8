package dev.doorbell.reconciler.apply;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.apply.BatchPlan.NoSuchStep;
import dev.doorbell.reconciler.apply.BatchPlan.Side;
import dev.doorbell.reconciler.apply.BatchPlan.SideReport;
import dev.doorbell.reconciler.apply.BatchPlan.StateStep;
import dev.doorbell.reconciler.apply.BatchPlan.Step;
import dev.doorbell.reconciler.apply.BatchPlan.UnreachableStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Applies a batch of observations to the {@code vmm}, {@code migration} and {@code instance}
 * tables in one transaction, with JDBC batches of prepared statements.
 *
 * <p>Contract:
 * <ul>
 * <li>A VMM row changes only if the reported generation is greater than its
 *     {@code state_generation}; then state, generation, {@code time_state_updated},
 *     {@code failure_reason} and {@code last_source} change together. {@code last_observed_at}
 *     moves forward on every reported state, whatever its generation, and never backwards: it is
 *     the latest {@code observedAt} the row has seen (a stale or duplicate report counts as
 *     "observed" for the watcher sweep, but changes nothing else).
 *     {@code instance_id} of an existing row is never touched (a row created from an observation
 *     has it NULL); neither is {@code sled_id}, except that an unknown one (the nil UUID, written
 *     for a legacy upcall that named no sled) is filled in by the first report that names the sled,
 *     whatever its generation: a VMM never changes sleds.</li>
 * <li>Each side of a migration changes only if its own generation is greater (the source side from
 *     {@code migration_out}, the target side from {@code migration_in}).</li>
 * <li>{@code NoSuchVmm} marks an existing, non-terminal VMM {@code failed} with reason
 *     {@code no_such_instance}; {@code SledUnreachable} does so with {@code sled_off} /
 *     {@code sled_expunged} only if the VMM's sled row says so. Either bumps
 *     {@code state_generation} by one (as omicron's {@code mark_vmm_failed} does): a sled that
 *     forgot the VMM never reports a higher generation, so the failure sticks, while a sled that
 *     does still know it and moves on wins with its next generation. Neither creates a row.</li>
 * <li>Instance reactions, in the same transaction, only for instances a changed VMM row belongs to
 *     ({@code vmm.instance_id}): a completed migration (either side, as omicron's
 *     {@code either_side_completed}) makes the target the active VMM; a failed one clears the
 *     target; the active VMM reaching {@code destroyed} leaves the instance {@code no_vmm}, reaching
 *     {@code failed} leaves it {@code failed} with the VMM's reason; a terminal target VMM clears
 *     the target.</li>
 * <li>The result equals applying the observations one at a time in order, whatever the batch
 *     boundaries: see {@link BatchPlan}. Times come from the observations, never from the clock,
 *     so a replay writes the same rows.</li>
 * </ul>
 * Thread-safe: each call uses its own connection.
 */
public final class ObservationApplier {

    static final String UPSERT_VMM = """
            INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, state_generation = EXCLUDED.state_generation,
                sled_id = CASE WHEN vmm.sled_id = '00000000-0000-0000-0000-000000000000' THEN EXCLUDED.sled_id ELSE vmm.sled_id END,
                time_state_updated = EXCLUDED.time_state_updated, failure_reason = EXCLUDED.failure_reason,
                last_source = EXCLUDED.last_source,
                last_observed_at = GREATEST(vmm.last_observed_at, EXCLUDED.last_observed_at)
            WHERE vmm.state_generation < EXCLUDED.state_generation""";

    /**
     * Parameters: observed at, sled, VMM, observed at, sled. Moves {@code last_observed_at} for a
     * report that changed nothing else (generation not greater), never backwards, and fills in an
     * unknown {@code sled_id}; kept apart from {@link #UPSERT_VMM} so its update count still means
     * "the state changed".
     */
    static final String TOUCH_VMM = """
            UPDATE vmm SET last_observed_at = GREATEST(last_observed_at, ?),
                sled_id = CASE WHEN sled_id = '00000000-0000-0000-0000-000000000000' THEN ? ELSE sled_id END
            WHERE id = ? AND (last_observed_at < ? OR sled_id = '00000000-0000-0000-0000-000000000000' AND ? <> sled_id)""";

    static final String UPSERT_SOURCE_SIDE = """
            INSERT INTO migration (id, source_vmm_id, source_state, source_gen, source_time_updated) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET source_vmm_id = EXCLUDED.source_vmm_id, source_state = EXCLUDED.source_state,
                source_gen = EXCLUDED.source_gen, source_time_updated = EXCLUDED.source_time_updated
            WHERE migration.source_gen < EXCLUDED.source_gen""";

    static final String UPSERT_TARGET_SIDE = """
            INSERT INTO migration (id, target_vmm_id, target_state, target_gen, target_time_updated) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET target_vmm_id = EXCLUDED.target_vmm_id, target_state = EXCLUDED.target_state,
                target_gen = EXCLUDED.target_gen, target_time_updated = EXCLUDED.target_time_updated
            WHERE migration.target_gen < EXCLUDED.target_gen""";

    static final String MARK_NO_SUCH = """
            UPDATE vmm SET state = 'failed', failure_reason = 'no_such_instance', state_generation = state_generation + 1,
                time_state_updated = ?, last_source = ?, last_observed_at = ?
            WHERE id = ? AND state NOT IN ('failed', 'destroyed')""";

    static final String MARK_SLED_GONE = """
            UPDATE vmm v SET state = 'failed',
                failure_reason = CASE s.state WHEN 'off' THEN 'sled_off' ELSE 'sled_expunged' END,
                state_generation = v.state_generation + 1, time_state_updated = ?, last_source = ?, last_observed_at = ?
            FROM sled s
            WHERE v.id = ? AND s.id = v.sled_id AND s.state IN ('off', 'expunged') AND v.state NOT IN ('failed', 'destroyed')""";

    /** Parameters: time, reporting VMM, migration id, migration id. */
    static final String PROMOTE_TARGET = """
            UPDATE instance i SET active_vmm_id = i.target_vmm_id, target_vmm_id = NULL, migration_id = NULL, state = 'vmm',
                time_state_updated = ?
            FROM vmm v
            WHERE v.id = ? AND i.id = v.instance_id AND i.target_vmm_id IS NOT NULL
              AND (i.migration_id = ? OR i.target_vmm_id = (SELECT m.target_vmm_id FROM migration m WHERE m.id = ?))""";

    /** Parameters: time, reporting VMM, migration id, migration id. */
    static final String ABANDON_MIGRATION = """
            UPDATE instance i SET target_vmm_id = NULL, migration_id = NULL, time_state_updated = ?
            FROM vmm v
            WHERE v.id = ? AND i.id = v.instance_id AND i.target_vmm_id IS NOT NULL
              AND (i.migration_id = ? OR i.target_vmm_id = (SELECT m.target_vmm_id FROM migration m WHERE m.id = ?))""";

    /** Parameters: time, VMM. */
    static final String RELEASE_DESTROYED = """
            UPDATE instance i SET state = 'no_vmm', active_vmm_id = NULL, time_state_updated = ?
            FROM vmm v WHERE v.id = ? AND i.id = v.instance_id AND i.active_vmm_id = v.id""";

    /** Parameters: time, VMM. */
    static final String RELEASE_FAILED = """
            UPDATE instance i SET state = 'failed', failure_reason = v.failure_reason, active_vmm_id = NULL, time_state_updated = ?
            FROM vmm v WHERE v.id = ? AND i.id = v.instance_id AND i.active_vmm_id = v.id""";

    /** Parameters: time, VMM. */
    static final String DROP_TARGET = """
            UPDATE instance i SET target_vmm_id = NULL, migration_id = NULL, time_state_updated = ?
            FROM vmm v WHERE v.id = ? AND i.id = v.instance_id AND i.target_vmm_id = v.id""";

    private final DataSource dataSource;

    public ObservationApplier(DataSource dataSource) {
        this.dataSource = dataSource;
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
        BatchPlan plan = BatchPlan.of(batch);
        int reported = (int) batch.stream().filter(o -> o instanceof Observation.Reported).count();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Totals totals = new Totals();
                for (List<Step> round : plan.rounds()) {
                    applyRound(connection, round, totals);
                }
                connection.commit();
                return new ApplyResult(batch.size(), totals.vmmRowsChanged, reported - totals.vmmRowsChanged,
                        totals.migrationSidesChanged, totals.markedFailed, totals.instancesChanged);
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

    private static final class Totals {
        int vmmRowsChanged;
        int migrationSidesChanged;
        int markedFailed;
        int instancesChanged;
    }

    /** A VMM row that changed in this round, and the time of the observation that changed it. */
    private record Changed(UUID vmmId, VmmState state, Instant at) {}

    private void applyRound(Connection connection, List<Step> round, Totals totals) throws SQLException {
        List<StateStep> states = new ArrayList<>();
        List<SideReport> sources = new ArrayList<>();
        List<SideReport> targets = new ArrayList<>();
        List<NoSuchStep> noSuch = new ArrayList<>();
        List<UnreachableStep> unreachable = new ArrayList<>();
        for (Step step : round) {
            switch (step) {
                case StateStep s -> {
                    states.add(s);
                    for (SideReport side : s.sides()) {
                        (side.side() == Side.SOURCE ? sources : targets).add(side);
                    }
                }
                case NoSuchStep n -> noSuch.add(n);
                case UnreachableStep u -> unreachable.add(u);
            }
        }
        List<Changed> changedVmms = new ArrayList<>();
        List<SideReport> changedSides = new ArrayList<>();

        if (!states.isEmpty()) {
            try (PreparedStatement st = connection.prepareStatement(UPSERT_VMM)) {
                for (StateStep s : states) {
                    Observation.Reported o = s.newest();
                    st.setObject(1, o.vmmId());
                    st.setObject(2, o.sledId());
                    st.setString(3, o.vmm().state().wireName());
                    st.setLong(4, o.vmm().gen());
                    st.setObject(5, time(o.vmm().timeUpdated()));
                    setNullableText(st, 6, o.vmm().failureReason());
                    st.setString(7, o.source());
                    st.setObject(8, time(o.observedAt()));
                    st.addBatch();
                }
                int[] counts = st.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (changed(counts[i])) {
                        Observation.Reported o = states.get(i).newest();
                        changedVmms.add(new Changed(o.vmmId(), o.vmm().state(), o.observedAt()));
                    }
                }
                totals.vmmRowsChanged += changedVmms.size();
            }
            try (PreparedStatement st = connection.prepareStatement(TOUCH_VMM)) {
                for (StateStep s : states) {
                    st.setObject(1, time(s.lastObservedAt()));
                    st.setObject(2, s.newest().sledId());
                    st.setObject(3, s.vmmId());
                    st.setObject(4, time(s.lastObservedAt()));
                    st.setObject(5, s.newest().sledId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        upsertSides(connection, UPSERT_SOURCE_SIDE, sources, changedSides);
        upsertSides(connection, UPSERT_TARGET_SIDE, targets, changedSides);
        totals.migrationSidesChanged += changedSides.size();

        int before = changedVmms.size();
        markFailed(connection, MARK_NO_SUCH, noSuch.stream().map(n -> (Observation) n.observation()).toList(), changedVmms);
        markFailed(connection, MARK_SLED_GONE, unreachable.stream().map(u -> (Observation) u.observation()).toList(),
                changedVmms);
        totals.markedFailed += changedVmms.size() - before;

        totals.instancesChanged += react(connection, changedVmms, changedSides);
    }

    private static void upsertSides(Connection connection, String sql, List<SideReport> sides, List<SideReport> changed)
            throws SQLException {
        if (sides.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (SideReport side : sides) {
                st.setObject(1, side.state().migrationId());
                st.setObject(2, side.vmmId());
                st.setString(3, side.state().state().wireName());
                st.setLong(4, side.state().gen());
                st.setObject(5, time(side.state().timeUpdated()));
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (changed(counts[i])) {
                    changed.add(sides.get(i));
                }
            }
        }
    }

    private static void markFailed(Connection connection, String sql, List<Observation> observations, List<Changed> changed)
            throws SQLException {
        if (observations.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (Observation o : observations) {
                st.setObject(1, time(o.observedAt()));
                st.setString(2, o.source());
                st.setObject(3, time(o.observedAt()));
                st.setObject(4, o.vmmId());
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (changed(counts[i])) {
                    Observation o = observations.get(i);
                    changed.add(new Changed(o.vmmId(), VmmState.FAILED, o.observedAt()));
                }
            }
        }
    }

    // Migration outcomes first: a source that reports its migration completed and itself destroyed
    // in one batch must find the instance already moved to the target.
    private static int react(Connection connection, List<Changed> vmms, List<SideReport> sides) throws SQLException {
        int changed = 0;
        changed += reactToSides(connection, PROMOTE_TARGET, sides, MigrationState.COMPLETED);
        changed += reactToSides(connection, ABANDON_MIGRATION, sides, MigrationState.FAILED);
        changed += reactToVmms(connection, RELEASE_DESTROYED, vmms, s -> s == VmmState.DESTROYED);
        changed += reactToVmms(connection, RELEASE_FAILED, vmms, s -> s == VmmState.FAILED);
        changed += reactToVmms(connection, DROP_TARGET, vmms, VmmState::isTerminal);
        return changed;
    }

    private static int reactToSides(Connection connection, String sql, List<SideReport> sides, MigrationState state)
            throws SQLException {
        List<SideReport> matching = sides.stream().filter(s -> s.state().state() == state).toList();
        if (matching.isEmpty()) {
            return 0;
        }
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (SideReport side : matching) {
                st.setObject(1, time(side.observedAt()));
                st.setObject(2, side.vmmId());
                st.setObject(3, side.state().migrationId());
                st.setObject(4, side.state().migrationId());
                st.addBatch();
            }
            return sum(st.executeBatch());
        }
    }

    private static int reactToVmms(Connection connection, String sql, List<Changed> vmms,
                                   java.util.function.Predicate<VmmState> when) throws SQLException {
        List<Changed> matching = vmms.stream().filter(c -> when.test(c.state())).toList();
        if (matching.isEmpty()) {
            return 0;
        }
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (Changed c : matching) {
                st.setObject(1, time(c.at()));
                st.setObject(2, c.vmmId());
                st.addBatch();
            }
            return sum(st.executeBatch());
        }
    }

    private static boolean changed(int count) {
        return count > 0 || count == Statement.SUCCESS_NO_INFO;
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += Math.max(c, 0);
        }
        return total;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void setNullableText(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }
}
