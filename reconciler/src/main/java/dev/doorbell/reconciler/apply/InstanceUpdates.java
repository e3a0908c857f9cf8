package dev.doorbell.reconciler.apply;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs {@link InstanceUpdate} in the applier's transaction for the instances whose active or
 * target VMM an apply round left terminal, or whose migration it changed, and writes the instances
 * whose record changes. The instance rows are locked ({@code FOR UPDATE}) as the control API locks
 * them, so an update never interleaves with a start or migrate of the same instance.
 *
 * <p>Only VMMs that ended are looked up: {@link InstanceUpdate} asks of a VMM only whether it is
 * terminal, and an instance's record never links a terminal VMM once updated, so a change between two
 * states that are not terminal (or out of one: a VMM the control plane marked failed whose sled moves
 * it on) changes no instance. This is omicron's {@code update_saga_needed}, which starts an
 * instance-update saga only for a VMM that became terminal or a migration side that did; here every
 * migration side change is looked up, a rebuild's first report of a migration's VMM included. At a
 * steady stream of reboots a batch with no VMM ending sends neither the lookup nor the writes.
 */
final class InstanceUpdates {

    private static final String SNAPSHOTS = """
            SELECT i.id, i.state, i.active_vmm_id, i.target_vmm_id, i.migration_id, i.failure_reason,
                   a.state, a.failure_reason, t.state, m.source_state, m.target_state, m.target_vmm_id, mt.state,
                   mt.failure_reason
            FROM instance i
            LEFT JOIN vmm a ON a.id = i.active_vmm_id
            LEFT JOIN vmm t ON t.id = i.target_vmm_id
            LEFT JOIN migration m ON m.id = i.migration_id
            LEFT JOIN vmm mt ON mt.id = m.target_vmm_id
            WHERE i.active_vmm_id = ANY (?) OR i.target_vmm_id = ANY (?) OR i.migration_id = ANY (?)
            ORDER BY i.id
            FOR UPDATE OF i""";

    private static final String WRITE = """
            UPDATE instance SET state = ?, active_vmm_id = ?, target_vmm_id = ?, migration_id = ?, failure_reason = ?,
                time_state_updated = ?
            WHERE id = ?""";

    private InstanceUpdates() {}

    /**
     * @param ended      VMMs a change left terminal: the instances linking them are looked up
     * @param touched    VMMs that changed, with the time of the newest observation that changed each
     *                   (the time an instance update is stamped with)
     * @param migrations migrations a side of which changed, likewise (an instance whose active VMM a
     *                   failure already unlinked still follows its migration)
     * @return how many instance rows changed
     */
    static int update(Connection c, Set<UUID> ended, Map<UUID, Instant> touched, Map<UUID, Instant> migrations)
            throws SQLException {
        if (ended.isEmpty() && migrations.isEmpty()) {
            return 0;
        }
        List<InstanceUpdate.Snapshot> snapshots = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(SNAPSHOTS)) {
            Array ids = c.createArrayOf("uuid", ended.toArray());
            st.setArray(1, ids);
            st.setArray(2, ids);
            st.setArray(3, c.createArrayOf("uuid", migrations.keySet().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    snapshots.add(new InstanceUpdate.Snapshot(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getObject(12, UUID.class), rs.getString(13),
                            rs.getString(14)));
                }
            }
        }
        int changed = 0;
        try (PreparedStatement st = c.prepareStatement(WRITE)) {
            for (InstanceUpdate.Snapshot s : snapshots) {
                InstanceUpdate.Runtime next = InstanceUpdate.next(s);
                if (next.equals(InstanceUpdate.current(s))) {
                    continue;
                }
                st.setString(1, next.state());
                st.setObject(2, next.activeVmmId());
                st.setObject(3, next.targetVmmId());
                st.setObject(4, next.migrationId());
                st.setString(5, next.failureReason());
                st.setObject(6, timeOf(s, touched, migrations).atOffset(ZoneOffset.UTC));
                st.setObject(7, s.instanceId());
                st.addBatch();
                changed++;
            }
            if (changed > 0) {
                st.executeBatch();
            }
        }
        return changed;
    }

    // the newest observation that touched the instance's VMMs or migration: times come from observations, not the clock
    private static Instant timeOf(InstanceUpdate.Snapshot s, Map<UUID, Instant> touched, Map<UUID, Instant> migrations) {
        Instant newest = null;
        for (Instant at : new Instant[] {s.activeVmmId() == null ? null : touched.get(s.activeVmmId()),
                s.targetVmmId() == null ? null : touched.get(s.targetVmmId()),
                s.migrationId() == null ? null : migrations.get(s.migrationId())}) {
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        return newest;
    }
}
