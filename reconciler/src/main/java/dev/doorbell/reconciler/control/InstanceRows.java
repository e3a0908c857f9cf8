package dev.doorbell.reconciler.control;

import dev.doorbell.model.VmmState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows {@link InstanceLifecycle} reads and writes, each on a connection of the caller's
 * transaction: the instance (locked), its VMMs and their sleds, new VMM and migration rows as
 * omicron's sagas insert them, and the instance's updater lock. SQL only: what the rows mean for a
 * start, stop or migration is the lifecycle's.
 */
final class InstanceRows {

    private InstanceRows() {}

    record InstanceRow(String state, UUID activeVmmId, UUID targetVmmId, UUID migrationId, String failureReason,
                               UUID updaterId) {}

    record SledRow(UUID id, String address, List<String> apiVersions, String state) {
        SledEndpoint endpoint() {
            return SledEndpoint.of(id, address, apiVersions);
        }
    }

    record VmmRow(UUID id, String state, SledRow sled) {}

    static InstanceRow lockInstance(Connection c, UUID instanceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT state, active_vmm_id, target_vmm_id, migration_id, failure_reason, updater_id FROM instance WHERE id = ? "
                        + "FOR UPDATE")) {
            st.setObject(1, instanceId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ControlRefusal.notFound("no instance " + instanceId);
                }
                return new InstanceRow(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, UUID.class));
            }
        }
    }

    static VmmRow vmmRow(Connection c, UUID vmmId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT v.state, s.id, s.address, s.api_versions, s.state "
                + "FROM vmm v JOIN sled s ON s.id = v.sled_id WHERE v.id = ?")) {
            st.setObject(1, vmmId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("active VMM " + vmmId + " has no row or no registered sled");
                }
                Array versions = rs.getArray(4);
                List<String> list = versions == null ? List.of() : List.of((String[]) versions.getArray());
                return new VmmRow(vmmId, rs.getString(1), new SledRow(rs.getObject(2, UUID.class), rs.getString(3), list,
                        rs.getString(5)));
            }
        }
    }

    static SledRow activeSled(Connection c, UUID sledId) throws SQLException {
        SledRow sled = sledWhere(c, "SELECT id, address, api_versions, state FROM sled WHERE id = ?", sledId)
                .orElseThrow(() -> ControlRefusal.notFound("no sled " + sledId));
        if (!"active".equals(sled.state())) {
            throw ControlRefusal.conflict("sled " + sledId + " is " + sled.state());
        }
        return sled;
    }

    static SledRow leastLoadedSled(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT s.id, s.address, s.api_versions, s.state FROM sled s
                LEFT JOIN vmm v ON v.sled_id = s.id AND v.state NOT IN (%s)
                WHERE s.state = 'active'
                GROUP BY s.id ORDER BY count(v.id), s.id LIMIT 1""".formatted(VmmState.terminalSqlValues()));
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw ControlRefusal.unavailable("no active sled to start the instance on");
            }
            return sledRow(rs);
        }
    }

    static Optional<SledRow> sledWhere(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(sledRow(rs)) : Optional.empty();
            }
        }
    }

    static SledRow sledRow(ResultSet rs) throws SQLException {
        Array versions = rs.getArray(3);
        List<String> list = versions == null ? List.of() : List.of((String[]) versions.getArray());
        return new SledRow(rs.getObject(1, UUID.class), rs.getString(2), list, rs.getString(4));
    }

    /** A VMM row as omicron's sagas insert it: {@code creating} at generation 1, before any sled has it. */
    static void insertVmm(Connection c, UUID vmmId, UUID instanceId, UUID sledId, Instant at) throws SQLException {
        Timestamp now = Timestamp.from(at);
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO vmm (id, instance_id, sled_id, state, state_generation, time_state_updated, last_source,
                                 last_observed_at)
                VALUES (?, ?, ?, 'creating', 1, ?, 'control-plane', ?)""")) {
            st.setObject(1, vmmId);
            st.setObject(2, instanceId);
            st.setObject(3, sledId);
            st.setTimestamp(4, now);
            st.setTimestamp(5, now);
            st.executeUpdate();
        }
    }

    /** @return whether the row was deleted: only while no sled has reported the VMM */
    static boolean deleteIfCreating(Connection c, UUID vmmId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM vmm WHERE id = ? AND state = 'creating'")) {
            st.setObject(1, vmmId);
            return st.executeUpdate() == 1;
        }
    }

    /** The migration's row as omicron's migrate saga inserts it: both sides {@code pending} at generation 1. */
    static void insertMigration(Connection c, UUID migrationId, UUID instanceId, UUID sourceVmm, UUID targetVmm, Instant at)
            throws SQLException {
        Timestamp now = Timestamp.from(at);
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO migration (id, instance_id, source_vmm_id, target_vmm_id, source_state, source_gen,
                                       source_time_updated, target_state, target_gen, target_time_updated)
                VALUES (?, ?, ?, ?, 'pending', 1, ?, 'pending', 1, ?)""")) {
            st.setObject(1, migrationId);
            st.setObject(2, instanceId);
            st.setObject(3, sourceVmm);
            st.setObject(4, targetVmm);
            st.setTimestamp(5, now);
            st.setTimestamp(6, now);
            st.executeUpdate();
        }
    }

    static int releaseUpdater(Connection c, UUID instanceId, UUID updaterId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE instance SET updater_id = NULL WHERE id = ? AND updater_id = ?")) {
            st.setObject(1, instanceId);
            st.setObject(2, updaterId);
            return st.executeUpdate();
        }
    }
}
