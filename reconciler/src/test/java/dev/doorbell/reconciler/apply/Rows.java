package dev.doorbell.reconciler.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and seeds rows for assertions. */
final class Rows {

    /** The observation-derived columns of a VMM row: what a rebuild must reproduce. */
    record VmmRow(UUID id, UUID sledId, String state, long generation, String timeStateUpdated, String failureReason,
                  String failureDetail) {}

    record InstanceRow(UUID id, String state, UUID activeVmmId, UUID targetVmmId, UUID migrationId, String failureReason) {}

    private final DataSource dataSource;

    Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<VmmRow> vmm(UUID id) throws SQLException {
        return vmms("WHERE id = '" + id + "'").stream().findFirst();
    }

    List<VmmRow> vmms() throws SQLException {
        return vmms("");
    }

    private List<VmmRow> vmms(String where) throws SQLException {
        List<VmmRow> rows = new ArrayList<>();
        query("SELECT id, sled_id, state, state_generation, time_state_updated::text, failure_reason, failure_detail FROM vmm "
                + where + " ORDER BY id", rs -> rows.add(new VmmRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7))));
        return rows;
    }

    /** Every column of the migration table but the control plane's ({@code instance_id}, {@code time_created}). */
    List<Map<String, Object>> migrations() throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        query("SELECT id, source_vmm_id, target_vmm_id, source_state, source_gen, source_time_updated::text, target_state,"
                + " target_gen, target_time_updated::text FROM migration ORDER BY id", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        });
        return rows;
    }

    InstanceRow instance(UUID id) throws SQLException {
        List<InstanceRow> rows = new ArrayList<>();
        query("SELECT id, state, active_vmm_id, target_vmm_id, migration_id, failure_reason FROM instance WHERE id = '" + id + "'",
                rs -> rows.add(new InstanceRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6))));
        return rows.getFirst();
    }

    String lastSource(UUID vmm) throws SQLException {
        List<String> out = new ArrayList<>();
        query("SELECT last_source FROM vmm WHERE id = '" + vmm + "'", rs -> out.add(rs.getString(1)));
        return out.getFirst();
    }

    Instant lastObservedAt(UUID vmm) throws SQLException {
        List<Instant> out = new ArrayList<>();
        query("SELECT last_observed_at FROM vmm WHERE id = '" + vmm + "'",
                rs -> out.add(rs.getObject(1, OffsetDateTime.class).toInstant()));
        return out.getFirst();
    }

    UUID instanceOf(UUID vmm) throws SQLException {
        List<UUID> out = new ArrayList<>();
        query("SELECT instance_id FROM vmm WHERE id = '" + vmm + "'", rs -> out.add(rs.getObject(1, UUID.class)));
        return out.getFirst();
    }

    void sled(UUID id, String state) throws SQLException {
        update("INSERT INTO sled (id, address, state) VALUES (?, '127.0.0.1:1', ?)", id, state);
    }

    void instance(UUID id, UUID active, UUID target, UUID migration) throws SQLException {
        update("INSERT INTO instance (id, name, state, active_vmm_id, target_vmm_id, migration_id) VALUES (?, ?, 'vmm', ?, ?, ?)",
                id, "i-" + id, active, target, migration);
    }

    /**
     * A VMM row as the control API writes it when it starts one ({@code creating}, generation 1), or
     * as observations later left it; a {@code failed} one gets reason {@code from_sled_agent}.
     */
    void vmm(UUID id, UUID instance, UUID sled, String state, long gen) throws SQLException {
        update("INSERT INTO vmm (id, instance_id, sled_id, state, state_generation, time_state_updated, failure_reason,"
                + " last_source, last_observed_at)"
                + " VALUES (?, ?, ?, ?, ?, '2024-01-01Z', CASE WHEN ? = 'failed' THEN 'from_sled_agent' END, 'control-plane',"
                + " '2024-01-01Z')", // before every test observation (TestObservations.T0), as placing comes before reports
                id, instance, sled, state, gen, state);
    }

    /** A VMM the control plane placed on {@code sled} and that no sled has reported yet. */
    void placed(UUID id, UUID sled) throws SQLException {
        vmm(id, null, sled, "creating", 1);
    }

    /** A migration row as the control API writes it when it starts one: both sides pending at generation 1. */
    void migration(UUID id, UUID instance, UUID source, UUID target) throws SQLException {
        update("INSERT INTO migration (id, instance_id, source_vmm_id, target_vmm_id, source_time_updated, target_time_updated)"
                + " VALUES (?, ?, ?, ?, '2024-01-01Z', '2024-01-01Z')", id, instance, source, target);
    }

    int count(String table) throws SQLException {
        List<Integer> out = new ArrayList<>();
        query("SELECT count(*) FROM " + table, rs -> out.add(rs.getInt(1)));
        return out.getFirst();
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                handler.row(rs);
            }
        }
    }
}
