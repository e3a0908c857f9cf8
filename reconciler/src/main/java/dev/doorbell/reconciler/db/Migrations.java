package dev.doorbell.reconciler.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: the SQL files {@code db/migration/V<n>__<name>.sql} on the
 * classpath, listed in {@link #VERSIONS}, applied in order, each in its own transaction, and
 * recorded with a checksum in {@code schema_version}. A PostgreSQL advisory lock serializes
 * reconcilers that start together; an applied file whose checksum changed is an error (a
 * published migration is never edited). A few dozen lines instead of a migration framework:
 * nothing here needs more, and there is no third-party policy about which database releases
 * it will run against.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /** The migrations, oldest first. Append; never edit or reorder. */
    static final List<String> VERSIONS = List.of("V1__schema.sql", "V2__nexus_rules.sql", "V3__instance_lookups.sql",
            "V4__sweep_by_sled.sql", "V5__hot_vmm_updates.sql");
    private static final long LOCK_KEY = 0x646f6f7262656c6cL; // "doorbell"

    private Migrations() {}

    /** Brings the database to the newest version; returns how many migrations it applied. */
    public static int migrate(DataSource dataSource) throws SQLException {
        return migrate(dataSource, VERSIONS.size());
    }

    /** Brings the database to version {@code upTo} (tests of a migration's conversion of older rows). */
    static int migrate(DataSource dataSource, int upTo) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                return migrateLocked(connection, upTo);
            } finally {
                try (Statement st = connection.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        }
    }

    private static int migrateLocked(Connection connection, int upTo) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT NULL, "
                    + "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        int applied = 0;
        for (int i = 0; i < upTo; i++) {
            int version = i + 1;
            String name = VERSIONS.get(i);
            String sql = read(name);
            String checksum = sha256(sql);
            String existing = checksumOf(connection, version);
            if (existing != null) {
                if (!existing.equals(checksum)) {
                    throw new SQLException("migration " + name + " was changed after it was applied (checksum "
                            + existing + " in the database, " + checksum + " now)");
                }
                continue;
            }
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement();
                 PreparedStatement record = connection.prepareStatement(
                         "INSERT INTO schema_version (version, name, checksum) VALUES (?, ?, ?)")) {
                st.execute(sql);
                record.setInt(1, version);
                record.setString(2, name);
                record.setString(3, checksum);
                record.executeUpdate();
                connection.commit();
                applied++;
                LOG.atInfo().addKeyValue("version", version).log("applied migration {}", name);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return applied;
    }

    private static String checksumOf(Connection connection, int version) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT checksum FROM schema_version WHERE version = ?")) {
            st.setInt(1, version);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
