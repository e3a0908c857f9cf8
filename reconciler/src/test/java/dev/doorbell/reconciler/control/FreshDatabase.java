package dev.doorbell.reconciler.control;

import dev.doorbell.reconciler.db.Database;
import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A new, migrated database on the shared test server, so tests do not see each other's rows. */
public final class FreshDatabase {

    private FreshDatabase() {}

    public static Database create(PostgresServer postgres) throws SQLException {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl();
        String jdbcUrl = url.substring(0, url.lastIndexOf('/') + 1) + name;
        return Database.open(Database.Config.of(jdbcUrl, postgres.user(), postgres.password()));
    }
}
