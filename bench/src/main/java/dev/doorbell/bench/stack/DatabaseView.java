package dev.doorbell.bench.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The bench's reads of the reconciler's database (which VMMs have a row), and the creation of that database. */
final class DatabaseView {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    DatabaseView(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Creates database {@code name} on the server of {@code serverUrl}.
     *
     * @return its JDBC URL
     */
    static String createDatabase(String serverUrl, String user, String password, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = serverUrl.indexOf('?');
        return serverUrl.substring(0, slash + 1) + name + (query > 0 ? serverUrl.substring(query) : "");
    }

    /** Drops database {@code name} (connections to it must be closed). */
    static void dropDatabase(String serverUrl, String user, String password, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return those of {@code ids} that have a row */
    Set<UUID> withRow(List<UUID> ids) throws SQLException {
        Set<UUID> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement st = c.prepareStatement("SELECT id FROM vmm WHERE id = ANY(?)")) {
            for (int from = 0; from < ids.size(); from += 5000) {
                List<UUID> batch = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + 5000)));
                Array array = c.createArrayOf("uuid", batch.toArray());
                st.setArray(1, array);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
                array.free();
            }
        }
        return out;
    }
}
