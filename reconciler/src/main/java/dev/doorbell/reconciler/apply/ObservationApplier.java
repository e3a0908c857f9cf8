package dev.doorbell.reconciler.apply;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Applies a batch of observations to the {@code vmm}, {@code migration} and {@code instance}
 * tables in one transaction, with JDBC batches of prepared statements.
 *
 * <p>Contract:
 * <ul>
 * <li>Rows belong to the control plane: an observation of a VMM or migration the database has no
 *     row for is refused whole ({@link UnknownRows#REFUSE}, the live consumer), except in a rebuild
 *     ({@link UnknownRows#ADOPT}). So is a self-migration ({@code migration_in} and
 *     {@code migration_out} of one migration) and a migration side reported by a VMM that is not
 *     that side's VMM of the migration row (the source reports {@code migration_out}, the target
 *     {@code migration_in}). Refusals are returned in {@link ApplyResult#refusals()}; everything
 *     else of the batch is applied.</li>
 * <li>A VMM row changes only if the reported generation is greater than its
 *     {@code state_generation}; then state, generation, {@code time_state_updated}, the failure
 *     reason and {@code last_source} change together. A {@code failed} report sets the reason
 *     {@code from_sled_agent} and keeps the sled's own reason (API 2.0.0) in {@code failure_detail}.
 *     {@code last_observed_at} moves forward on every reported state, whatever its generation,
 *     and never backwards. {@code instance_id} is never touched; neither is {@code sled_id}, except
 *     that an unknown one (the nil UUID, written for a legacy upcall that named no sled) is filled
 *     in by the first report that names the sled.</li>
 * <li>Each side of a migration changes only if its own generation is greater.</li>
 * <li>{@code NoSuchVmm} marks a non-terminal VMM {@code failed} with reason
 *     {@code no_such_instance}; {@code SledUnreachable} does so with {@code sled_off} /
 *     {@code sled_expunged} only if the VMM's sled row says so. Either bumps
 *     {@code state_generation} by one (as omicron's {@code mark_vmm_failed} does): a sled that
 *     forgot the VMM never reports a higher generation, so the failure sticks, while a sled that
 *     does still know it and moves on wins with its next generation.</li>
 * <li>Instances, in the same transaction: every instance whose active or target VMM changed, or
 *     whose migration had a side change, is updated by {@link InstanceUpdate}
 *     (omicron's instance-update saga) from the rows as they then are.</li>
 * <li>The result equals applying the observations one at a time in order, whatever the batch
 *     boundaries: see {@link BatchPlan}. Times come from the observations, never from the clock,
 *     so a replay writes the same rows.</li>
 * </ul>
 * Thread-safe: each call uses its own connection.
 */
public final class ObservationApplier {

    private static final String SET_REPORTED = """
            state = ?, state_generation = ?, time_state_updated = ?,
            failure_reason = CASE WHEN ? = 'failed' THEN 'from_sled_agent' END, failure_detail = ?, last_source = ?,
            sled_id = CASE WHEN vmm.sled_id = '00000000-0000-0000-0000-000000000000' THEN ? ELSE vmm.sled_id END,
            last_observed_at = GREATEST(vmm.last_observed_at, ?)""";

    /** Parameters: {@link #SET_REPORTED}'s, then VMM, generation. */
    static final String UPDATE_VMM = "UPDATE vmm SET " + SET_REPORTED + " WHERE vmm.id = ? AND vmm.state_generation < ?";

    /**
     * Parameters: VMM, time, observed at. A rebuild's placeholder for a VMM it adopts, at generation
     * 0, so that {@link #UPDATE_VMM} then applies the report as it would to a row the control plane made.
     */
    static final String ADOPT_VMM = """
            INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
            VALUES (?, '00000000-0000-0000-0000-000000000000', 'creating', 0, ?, NULL, 'rebuild', ?)
            ON CONFLICT (id) DO NOTHING""";

    /**
     * Parameters: observed at, sled, VMM, observed at, sled. Moves {@code last_observed_at} for a
     * report that changed nothing else (generation not greater), never backwards, and fills in an
     * unknown {@code sled_id}; kept apart from {@link #UPDATE_VMM} so its update count still means
     * "the state changed".
     */
    static final String TOUCH_VMM = """
            UPDATE vmm SET last_observed_at = GREATEST(last_observed_at, ?),
                sled_id = CASE WHEN sled_id = '00000000-0000-0000-0000-000000000000' THEN ? ELSE sled_id END
            WHERE id = ? AND (last_observed_at < ? OR sled_id = '00000000-0000-0000-0000-000000000000' AND ? <> sled_id)""";

    // The side's VMM is filled in only when unknown (a rebuild adopting the row); the screen has
    // refused reports of any other VMM.
    static final String UPSERT_SOURCE_SIDE = """
            INSERT INTO migration (id, source_vmm_id, source_state, source_gen, source_time_updated) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET source_vmm_id = COALESCE(migration.source_vmm_id, EXCLUDED.source_vmm_id),
                source_state = EXCLUDED.source_state, source_gen = EXCLUDED.source_gen,
                source_time_updated = EXCLUDED.source_time_updated
            WHERE migration.source_gen < EXCLUDED.source_gen
              AND (migration.source_vmm_id IS NULL OR migration.source_vmm_id = EXCLUDED.source_vmm_id)""";

    static final String UPSERT_TARGET_SIDE = """
            INSERT INTO migration (id, target_vmm_id, target_state, target_gen, target_time_updated) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET target_vmm_id = COALESCE(migration.target_vmm_id, EXCLUDED.target_vmm_id),
                target_state = EXCLUDED.target_state, target_gen = EXCLUDED.target_gen,
                target_time_updated = EXCLUDED.target_time_updated
            WHERE migration.target_gen < EXCLUDED.target_gen
              AND (migration.target_vmm_id IS NULL OR migration.target_vmm_id = EXCLUDED.target_vmm_id)""";

    static final String MARK_NO_SUCH = """
            UPDATE vmm SET state = 'failed', failure_reason = 'no_such_instance', failure_detail = NULL,
                state_generation = state_generation + 1, time_state_updated = ?, last_source = ?, last_observed_at = ?
            WHERE id = ? AND state NOT IN (%s)""".formatted(VmmState.terminalSqlValues());

    static final String MARK_SLED_GONE = """
            UPDATE vmm v SET state = 'failed',
                failure_reason = CASE s.state WHEN 'off' THEN 'sled_off' ELSE 'sled_expunged' END, failure_detail = NULL,
                state_generation = v.state_generation + 1, time_state_updated = ?, last_source = ?, last_observed_at = ?
            FROM sled s
            WHERE v.id = ? AND s.id = v.sled_id AND s.state IN ('off', 'expunged') AND v.state NOT IN (%s)"""
            .formatted(VmmState.terminalSqlValues());

    private final DataSource dataSource;
    private final UnknownRows unknownRows;

    /** An applier that refuses observations of rows the control plane did not create (live consumption). */
    public ObservationApplier(DataSource dataSource) {
        this(dataSource, UnknownRows.REFUSE);
    }

    public ObservationApplier(DataSource dataSource, UnknownRows unknownRows) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.unknownRows = Objects.requireNonNull(unknownRows, "unknownRows");
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
                ObservationScreen.Screened screened = ObservationScreen.screen(connection, batch, unknownRows);
                BatchPlan plan = BatchPlan.of(screened.accepted());
                int reported = (int) screened.accepted().stream().filter(o -> o instanceof Observation.Reported).count();
                Totals totals = new Totals();
                for (List<Step> round : plan.rounds()) {
                    applyRound(connection, round, totals);
                }
                connection.commit();
                return new ApplyResult(batch.size(), totals.vmmRowsChanged, reported - totals.vmmRowsChanged,
                        totals.migrationSidesChanged, totals.markedFailed, totals.instancesChanged, screened.refused());
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

    private void applyRound(Connection connection, List<Step> round, Totals totals) throws SQLException {
        List<StateStep> states = new ArrayList<>();
        List<SideReport> sources = new ArrayList<>();
        List<SideReport> targets = new ArrayList<>();
        List<Observation> noSuch = new ArrayList<>();
        List<Observation> unreachable = new ArrayList<>();
        for (Step step : round) {
            switch (step) {
                case StateStep s -> {
                    states.add(s);
                    for (SideReport side : s.sides()) {
                        (side.side() == Side.SOURCE ? sources : targets).add(side);
                    }
                }
                case NoSuchStep n -> noSuch.add(n.observation());
                case UnreachableStep u -> unreachable.add(u.observation());
            }
        }
        // the VMMs whose instance may need an update, with the time of the newest observation that touched them
        Map<UUID, Instant> touched = new LinkedHashMap<>();
        Map<UUID, Instant> touchedMigrations = new LinkedHashMap<>();
        if (!states.isEmpty()) {
            if (unknownRows == UnknownRows.ADOPT) {
                adoptVmms(connection, states);
            }
            totals.vmmRowsChanged += updateVmms(connection, states, touched);
            touchVmms(connection, states);
        }
        totals.migrationSidesChanged += upsertSides(connection, UPSERT_SOURCE_SIDE, sources, touchedMigrations);
        totals.migrationSidesChanged += upsertSides(connection, UPSERT_TARGET_SIDE, targets, touchedMigrations);
        totals.markedFailed += markFailed(connection, MARK_NO_SUCH, noSuch, touched);
        totals.markedFailed += markFailed(connection, MARK_SLED_GONE, unreachable, touched);
        totals.instancesChanged += InstanceUpdates.update(connection, touched, touchedMigrations);
    }

    private static void adoptVmms(Connection connection, List<StateStep> states) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(ADOPT_VMM)) {
            for (StateStep s : states) {
                st.setObject(1, s.vmmId());
                st.setObject(2, time(s.newest().vmm().timeUpdated()));
                st.setObject(3, time(s.newest().observedAt()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static int updateVmms(Connection connection, List<StateStep> states, Map<UUID, Instant> touched)
            throws SQLException {
        int changedRows = 0;
        try (PreparedStatement st = connection.prepareStatement(UPDATE_VMM)) {
            for (StateStep s : states) {
                Observation.Reported o = s.newest();
                st.setString(1, o.vmm().state().wireName());
                st.setLong(2, o.vmm().gen());
                st.setObject(3, time(o.vmm().timeUpdated()));
                st.setString(4, o.vmm().state().wireName());
                setNullableText(st, 5, o.vmm().failureReason());
                st.setString(6, o.source());
                st.setObject(7, o.sledId());
                st.setObject(8, time(o.observedAt()));
                st.setObject(9, o.vmmId());
                st.setLong(10, o.vmm().gen());
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (changed(counts[i])) {
                    Observation.Reported o = states.get(i).newest();
                    touched.merge(o.vmmId(), o.observedAt(), ObservationApplier::later);
                    changedRows++;
                }
            }
        }
        return changedRows;
    }

    private static void touchVmms(Connection connection, List<StateStep> states) throws SQLException {
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

    private static int upsertSides(Connection connection, String sql, List<SideReport> sides, Map<UUID, Instant> touched)
            throws SQLException {
        if (sides.isEmpty()) {
            return 0;
        }
        int changedSides = 0;
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
                    touched.merge(sides.get(i).state().migrationId(), sides.get(i).observedAt(), ObservationApplier::later);
                    changedSides++;
                }
            }
        }
        return changedSides;
    }

    private static int markFailed(Connection connection, String sql, List<Observation> observations, Map<UUID, Instant> touched)
            throws SQLException {
        if (observations.isEmpty()) {
            return 0;
        }
        int marked = 0;
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
                    touched.merge(observations.get(i).vmmId(), observations.get(i).observedAt(), ObservationApplier::later);
                    marked++;
                }
            }
        }
        return marked;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static boolean changed(int count) {
        return count > 0 || count == Statement.SUCCESS_NO_INFO;
    }

    static OffsetDateTime time(Instant instant) {
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
