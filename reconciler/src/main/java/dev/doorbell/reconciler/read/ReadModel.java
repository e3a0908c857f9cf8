package dev.doorbell.reconciler.read;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The database as the read API shows it: instances with their effective state, VMMs, sleds.
 * Each read is one statement (autocommit), so a view is consistent within itself. Thread-safe.
 */
public final class ReadModel {

    private static final String INSTANCE_SELECT = """
            SELECT i.id, i.name, i.state, i.active_vmm_id, i.target_vmm_id, i.migration_id, i.failure_reason,
                   i.time_created, i.time_state_updated,
                   v.sled_id AS vmm_sled_id, v.state AS vmm_state, v.state_generation AS vmm_gen,
                   v.failure_reason AS vmm_failure_reason,
                   m.id AS m_id, m.source_vmm_id AS m_source, m.target_vmm_id AS m_target,
                   m.source_state AS m_source_state, m.source_gen AS m_source_gen,
                   m.target_state AS m_target_state, m.target_gen AS m_target_gen
            FROM instance i
            LEFT JOIN vmm v ON v.id = i.active_vmm_id
            LEFT JOIN migration m ON m.id = i.migration_id
            """;
    private static final String VMM_SELECT = """
            SELECT id, instance_id, sled_id, state, state_generation, time_state_updated, failure_reason, failure_detail,
                   last_source, last_observed_at, time_created FROM vmm
            """;
    private static final String SLED_SELECT =
            "SELECT id, address, api_versions, state, time_registered, time_modified FROM sled ";

    private final DataSource dataSource;

    public ReadModel(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Optional<InstanceView> instance(UUID id) throws SQLException {
        return one(INSTANCE_SELECT + " WHERE i.id = ?", id, ReadModel::instanceRow);
    }

    public Page<InstanceView> instances(PageRequest page) throws SQLException {
        return page.page(list(INSTANCE_SELECT, "i.id", List.of(), List.of(), page, ReadModel::instanceRow), InstanceView::id);
    }

    public Optional<VmmView> vmm(UUID id) throws SQLException {
        return one(VMM_SELECT + " WHERE id = ?", id, ReadModel::vmmRow);
    }

    /** VMMs in id order, only those {@code filter} selects. */
    public Page<VmmView> vmms(PageRequest page, VmmFilter filter) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        filter.sled().ifPresent(sled -> {
            conditions.add("sled_id = ?");
            values.add(sled);
        });
        filter.state().ifPresent(state -> {
            conditions.add("state = ?");
            values.add(state.wireName());
        });
        return page.page(list(VMM_SELECT, "id", conditions, values, page, ReadModel::vmmRow), VmmView::id);
    }

    public Optional<SledView> sled(UUID id) throws SQLException {
        return one(SLED_SELECT + " WHERE id = ?", id, ReadModel::sledRow);
    }

    public Page<SledView> sleds(PageRequest page) throws SQLException {
        return page.page(list(SLED_SELECT, "id", List.of(), List.of(), page, ReadModel::sledRow), SledView::id);
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> one(String sql, UUID id, RowMapper<T> mapper) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Reads {@code limit + 1} rows after the page's start that meet every one of {@code conditions}
     * (SQL with one {@code ?} each, bound to {@code values} in order), so {@link PageRequest#page} can
     * tell whether more follow.
     */
    private <T> List<T> list(String select, String idColumn, List<String> conditions, List<Object> values, PageRequest page,
                             RowMapper<T> mapper) throws SQLException {
        List<String> where = new ArrayList<>(conditions);
        page.after().ifPresent(after -> where.add(idColumn + " > ?"));
        String sql = select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + idColumn + " LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values) {
                st.setObject(i++, value);
            }
            if (page.after().isPresent()) {
                st.setObject(i++, page.after().get());
            }
            st.setInt(i, page.limit() + 1);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    private static InstanceView instanceRow(ResultSet rs) throws SQLException {
        UUID activeVmm = rs.getObject("active_vmm_id", UUID.class);
        String vmmStateText = rs.getString("vmm_state");
        UUID migrationId = rs.getObject("migration_id", UUID.class);
        UUID targetVmm = rs.getObject("target_vmm_id", UUID.class);
        MigrationView migration = null;
        if (rs.getObject("m_id", UUID.class) != null) {
            migration = new MigrationView(rs.getObject("m_id", UUID.class), rs.getObject("m_source", UUID.class),
                    rs.getObject("m_target", UUID.class), rs.getString("m_source_state"), rs.getLong("m_source_gen"),
                    rs.getString("m_target_state"), rs.getLong("m_target_gen"));
        }
        String instanceState = rs.getString("state");
        String failure = rs.getString("failure_reason");
        if (failure == null) {
            failure = rs.getString("vmm_failure_reason");
        }
        long gen = rs.getLong("vmm_gen");
        boolean hasVmmRow = vmmStateText != null;
        return new InstanceView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                EffectiveState.derive(instanceState, vmmStateText, migrationId != null),
                instanceState,
                activeVmm,
                hasVmmRow ? rs.getObject("vmm_sled_id", UUID.class) : null,
                vmmStateText,
                hasVmmRow ? gen : null,
                failure,
                targetVmm,
                migrationId,
                migration,
                instant(rs, "time_created"),
                instant(rs, "time_state_updated"));
    }

    private static VmmView vmmRow(ResultSet rs) throws SQLException {
        return new VmmView(rs.getObject("id", UUID.class), rs.getObject("instance_id", UUID.class),
                rs.getObject("sled_id", UUID.class), rs.getString("state"), rs.getLong("state_generation"),
                instant(rs, "time_state_updated"), rs.getString("failure_reason"), rs.getString("failure_detail"),
                rs.getString("last_source"),
                instant(rs, "last_observed_at"), instant(rs, "time_created"));
    }

    private static SledView sledRow(ResultSet rs) throws SQLException {
        return new SledView(rs.getObject("id", UUID.class), rs.getString("address"), strings(rs.getArray("api_versions")),
                rs.getString("state"), instant(rs, "time_registered"), instant(rs, "time_modified"));
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
