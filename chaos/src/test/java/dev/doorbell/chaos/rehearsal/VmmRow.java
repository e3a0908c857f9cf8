package dev.doorbell.chaos.rehearsal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A VMM as the control plane's database holds it (the reconciler's {@code vmm} table).
 *
 * @param state          the state's wire name
 * @param generation     {@code state_generation}
 * @param failureDetail  the sled's own failure reason (API 2.0.0), null unless the VMM failed and a sled said why
 * @param lastSource     the source of the observation that last changed the row
 */
public record VmmRow(String state, long generation, String failureDetail, String lastSource) {

    /** Every VMM row of the database. */
    public static Map<UUID, VmmRow> readAll(DataSource database) {
        try (Connection c = database.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT id, state, state_generation, failure_detail, last_source FROM vmm");
             ResultSet rs = st.executeQuery()) {
            Map<UUID, VmmRow> rows = new HashMap<>();
            while (rs.next()) {
                rows.put(rs.getObject("id", UUID.class), new VmmRow(rs.getString("state"), rs.getLong("state_generation"),
                        rs.getString("failure_detail"), rs.getString("last_source")));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the vmm table", e);
        }
    }
}
