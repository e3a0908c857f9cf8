package dev.doorbell.reconciler.sweep;

import dev.doorbell.reconciler.sweep.SweepComparison.MigrationGens;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one sweep reads in its read-only transaction: the VMMs to check, page by page, and the
 * migration rows their sleds report. Each read is taken whole and then followed by a snapshot-free
 * statement, so between reads (while sleds are asked and rings wait) the transaction holds no
 * snapshot. Not thread-safe: one per sweep.
 */
final class SweepReads implements AutoCloseable {

    /**
     * A page of the VMMs to check, in (sled, id) order over the partial index {@code vmm_sweep} (its predicate is
     * {@code NOT destroyed}, which the query must name for the planner to use it), so a
     * page holds the VMMs of few sleds and each sled is asked in few large requests. {@code creating}
     * VMMs are read (a sled that reports one caught a lost first ring) but only rung on a sled's word.
     */
    private static final String PAGE = """
            SELECT v.id, v.sled_id, v.state, v.state_generation,
                   v.state NOT IN ('failed', 'creating') AND v.last_observed_at < ? AS overdue,
                   s.address, s.api_versions, s.state
            FROM vmm v LEFT JOIN sled s ON s.id = v.sled_id
            WHERE NOT v.destroyed AND (s.state IS NULL OR s.state <> 'expunged') AND (v.sled_id, v.id) > (?, ?)
            ORDER BY v.sled_id, v.id LIMIT ?""";
    /** How many VMMs the pages will hold, about: those of expunged sleds, not read, are counted too. */
    private static final String COUNT = "SELECT count(*) FROM vmm WHERE NOT destroyed";
    private static final String MIGRATIONS = "SELECT id, source_gen, target_gen FROM migration WHERE id = ANY(?)";
    /**
     * A statement without a snapshot. Run after each read, it replaces the read's finished unnamed
     * portal, which would otherwise keep the read's snapshot (and so the vacuum horizon) while the
     * sweep waits.
     */
    private static final String DROP_PORTAL = "SHOW transaction_isolation";
    /** PostgreSQL orders uuids by their bytes, unsigned: the nil UUID sorts first. */
    private static final UUID BEFORE_ALL = new UUID(0, 0);

    private final Connection connection;
    private final Timestamp overdueBefore;
    private final int pageSize;
    private final PreparedStatement page;
    private final PreparedStatement migrations;
    private final PreparedStatement dropPortal;
    private UUID afterSled = BEFORE_ALL;
    private UUID afterId = BEFORE_ALL;
    private boolean lastPageRead;

    /**
     * @param overdueBefore VMMs last observed before this (and not failed or creating) are read as overdue
     * @param pageSize    VMMs per page
     */
    SweepReads(Connection connection, Timestamp overdueBefore, int pageSize) throws SQLException {
        this.connection = connection;
        this.overdueBefore = overdueBefore;
        this.pageSize = pageSize;
        this.page = connection.prepareStatement(PAGE);
        this.migrations = connection.prepareStatement(MIGRATIONS);
        this.dropPortal = connection.prepareStatement(DROP_PORTAL);
    }

    /** About how many VMMs the pages will hold (more if VMMs of expunged sleds are not destroyed yet). */
    long count() throws SQLException {
        long count;
        try (PreparedStatement st = connection.prepareStatement(COUNT); ResultSet rs = st.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        dropPortal.execute();
        return count;
    }

    /** The next page, read whole (at most one page size); empty once every VMM was read. */
    List<SweptVmm> nextPage() throws SQLException {
        if (lastPageRead) {
            return List.of();
        }
        page.setTimestamp(1, overdueBefore);
        page.setObject(2, afterSled);
        page.setObject(3, afterId);
        page.setInt(4, pageSize);
        List<SweptVmm> vmms = new ArrayList<>();
        try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
                Array versions = rs.getArray(7);
                List<String> registered = versions == null ? List.of() : Arrays.asList((String[]) versions.getArray());
                SweptSled sled = new SweptSled(rs.getObject(2, UUID.class), rs.getString(6), registered, rs.getString(8));
                vmms.add(new SweptVmm(rs.getObject(1, UUID.class), sled, rs.getString(3), rs.getLong(4), rs.getBoolean(5)));
            }
        }
        dropPortal.execute();
        lastPageRead = vmms.size() < pageSize;
        if (!vmms.isEmpty()) {
            afterSled = vmms.getLast().sled().id();
            afterId = vmms.getLast().id();
        }
        return vmms;
    }

    /** @return whether the last page was read (a next page would be empty) */
    boolean exhausted() {
        return lastPageRead;
    }

    /** The database's rows of {@code ids} (absent: no row). */
    Map<UUID, MigrationGens> migrations(Set<UUID> ids) throws SQLException {
        migrations.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
        Map<UUID, MigrationGens> rows = new HashMap<>();
        try (ResultSet rs = migrations.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getObject(1, UUID.class), new MigrationGens(rs.getLong(2), rs.getLong(3)));
            }
        }
        dropPortal.execute();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        try (page; migrations; dropPortal) {
            // closes all three
        }
    }
}
