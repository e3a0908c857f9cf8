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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one round of a {@link BatchPlan} to the {@code vmm} and {@code migration} rows behind generation
 * guards, in the caller's transaction, and says what changed: the first half of an apply, whose second
 * half ({@link InstanceUpdates}) reacts to the changes. Instances are never touched here.
 *
 * <p>Contract:
 * <ul>
 * <li>A VMM row changes only if the reported generation is greater than its {@code state_generation};
 *     then state, generation, {@code time_state_updated}, the failure reason ({@code from_sled_agent} for
 *     a {@code failed} report, the sled's own reason in {@code failure_detail}) and {@code last_source}
 *     change together. {@code last_observed_at} moves forward on every reported state, whatever its
 *     generation, never backwards; an unknown {@code sled_id} (the nil UUID) is filled in by the first
 *     report that names the sled; {@code instance_id} is never touched.</li>
 * <li>With {@link UnknownRows#ADOPT} a VMM without a row first gets a placeholder at generation 0, so the
 *     report then applies as to a row the control plane made.</li>
 * <li>Each side of a migration changes only if its own generation is greater, and only for that side's
 *     VMM of the row (filled in if unknown).</li>
 * <li>{@code NoSuchVmm} marks a non-terminal VMM {@code failed} ({@code no_such_instance}),
 *     {@code SledUnreachable} likewise ({@code sled_off} / {@code sled_expunged}) only if its sled row is
 *     off or expunged; either bumps {@code state_generation} by one.</li>
 * <li>{@link Changes} names the VMMs and migrations whose rows changed, each with the time of the newest
 *     observation that changed it, and counts them; a report that only moved {@code last_observed_at} or
 *     the sled is not a change. It names apart the VMMs a change left terminal, the only VMM changes an
 *     instance can react to.</li>
 * </ul>
 * Thread-safe (no state but its {@link UnknownRows}).
 */
final class GuardedWrites {

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

    private final UnknownRows unknownRows;

    GuardedWrites(UnknownRows unknownRows) {
        this.unknownRows = Objects.requireNonNull(unknownRows, "unknownRows");
    }

    /**
     * What one round changed.
     *
     * @param vmmRowsChanged        VMM rows whose state a report changed
     * @param migrationSidesChanged migration sides changed
     * @param markedFailed          VMMs marked failed by a {@code NoSuchVmm} or {@code SledUnreachable}
     * @param vmms                  the VMMs changed (by a report or a mark), with the newest observation time of each
     * @param ended                 those of them the change left in a terminal state (every mark does)
     * @param migrations            the migrations a side of which changed, likewise
     * @param found                 the VMMs whose row a write found: changed, touched or marked (so the row exists)
     */
    record Changes(int vmmRowsChanged, int migrationSidesChanged, int markedFailed, Map<UUID, Instant> vmms,
                   Set<UUID> ended, Map<UUID, Instant> migrations, Set<UUID> found) {}

    /** Writes {@code round} (steps of distinct VMMs and migration sides, as {@link BatchPlan} makes them). */
    Changes write(Connection connection, List<Step> round) throws SQLException {
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
        Map<UUID, Instant> vmms = new LinkedHashMap<>();
        Set<UUID> ended = new LinkedHashSet<>();
        Map<UUID, Instant> migrations = new LinkedHashMap<>();
        Set<UUID> found = new HashSet<>();
        int vmmRowsChanged = 0;
        if (!states.isEmpty()) {
            if (unknownRows == UnknownRows.ADOPT) {
                adoptVmms(connection, states);
            }
            List<StateStep> untouched = new ArrayList<>();
            vmmRowsChanged = updateVmms(connection, states, vmms, ended, untouched);
            touchVmms(connection, untouched, found);
        }
        int sidesChanged = upsertSides(connection, UPSERT_SOURCE_SIDE, sources, migrations)
                + upsertSides(connection, UPSERT_TARGET_SIDE, targets, migrations);
        int markedFailed = markFailed(connection, MARK_NO_SUCH, noSuch, vmms, ended)
                + markFailed(connection, MARK_SLED_GONE, unreachable, vmms, ended);
        found.addAll(vmms.keySet()); // changed or marked
        return new Changes(vmmRowsChanged, sidesChanged, markedFailed, vmms, ended, migrations, found);
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

    /**
     * Updates the rows whose reported generation is greater; adds to {@code untouched} the steps whose
     * {@code last_observed_at} the update may have left behind: those it did not change, and those whose
     * newest generation was not their last observation (a later report of an older generation). For a
     * changed row whose newest report was also its last, the update set everything {@link #TOUCH_VMM}
     * would, so the touch is not sent: at a steady stream of changes a batch's touch is one round trip to
     * the database that writes nothing.
     */
    private static int updateVmms(Connection connection, List<StateStep> states, Map<UUID, Instant> touched,
                                  Set<UUID> ended, List<StateStep> untouched) throws SQLException {
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
                StateStep s = states.get(i);
                if (changed(counts[i])) {
                    touched.merge(s.vmmId(), s.newest().observedAt(), GuardedWrites::later);
                    if (s.newest().vmm().state().isTerminal()) {
                        ended.add(s.vmmId());
                    }
                    changedRows++;
                }
                if (counts[i] <= 0 || s.lastObservedAt().isAfter(s.newest().observedAt())) {
                    untouched.add(s);
                }
            }
        }
        return changedRows;
    }

    private static void touchVmms(Connection connection, List<StateStep> states, Set<UUID> found) throws SQLException {
        if (states.isEmpty()) {
            return;
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
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    found.add(states.get(i).vmmId());
                }
            }
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
                    touched.merge(sides.get(i).state().migrationId(), sides.get(i).observedAt(), GuardedWrites::later);
                    changedSides++;
                }
            }
        }
        return changedSides;
    }

    private static int markFailed(Connection connection, String sql, List<Observation> observations, Map<UUID, Instant> touched,
                                  Set<UUID> ended) throws SQLException {
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
                    touched.merge(observations.get(i).vmmId(), observations.get(i).observedAt(), GuardedWrites::later);
                    ended.add(observations.get(i).vmmId());
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
