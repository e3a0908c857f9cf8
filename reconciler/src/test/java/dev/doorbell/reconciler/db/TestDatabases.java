package dev.doorbell.reconciler.db;

import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** A fresh, migrated database per test on a shared PostgreSQL server. */
public final class TestDatabases {

    private TestDatabases() {}

    public static Database create(PostgresServer server) throws SQLException {
        return create(server.jdbcUrl(), server.user(), server.password());
    }

    /** Creates database {@code t_<random>} next to {@code jdbcUrl}'s and opens it. */
    public static Database create(String jdbcUrl, String user, String password) throws SQLException {
        return Database.open(createEmpty(jdbcUrl, user, password));
    }

    /**
     * Creates database {@code t_<random>} next to {@code jdbcUrl}'s, empty, and returns its settings,
     * for a service that opens (and migrates) it itself.
     */
    public static Database.Config createEmpty(String jdbcUrl, String user, String password) throws SQLException {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + name;
        return new Database.Config(url, user, password, 4, Duration.ofSeconds(2));
    }
}
