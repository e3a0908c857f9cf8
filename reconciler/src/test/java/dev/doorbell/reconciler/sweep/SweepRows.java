package dev.doorbell.reconciler.sweep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** Rows the sweep tests place straight into the database. */
final class SweepRows {

    private SweepRows() {}

    /** A VMM row as the applier would have left it ({@code failed} ones with reason {@code from_sled_agent}); returns its id. */
    static UUID insertVmm(DataSource dataSource, UUID id, UUID sled, String state, long generation, Instant lastObserved)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source,
                                 last_observed_at)
                VALUES (?, ?, ?, ?, ?, CASE WHEN ? = 'failed' THEN 'from_sled_agent' END, 'fetch', ?)""")) {
            st.setObject(1, id);
            st.setObject(2, sled);
            st.setString(3, state);
            st.setLong(4, generation);
            st.setTimestamp(5, Timestamp.from(lastObserved));
            st.setString(6, state);
            st.setTimestamp(7, Timestamp.from(lastObserved));
            st.executeUpdate();
        }
        return id;
    }
}
