package dev.doorbell.reconciler.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The reconciler's connection pool on any PostgreSQL-wire database, migrated to the newest
 * schema when opened.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}
 */
public final class Database implements AutoCloseable {

    /** Connection settings. */
    public record Config(String jdbcUrl, String user, String password, int maxPoolSize, Duration connectionTimeout) {
        public Config {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (maxPoolSize < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1");
            }
        }

        public static Config of(String jdbcUrl, String user, String password) {
            return new Config(jdbcUrl, user, password, 8, Duration.ofSeconds(5));
        }

        public Config withMaxPoolSize(int value) {
            return new Config(jdbcUrl, user, password, value, connectionTimeout);
        }

        /** Never shows the password, so a configuration can be printed or logged. */
        @Override
        public String toString() {
            return "Config[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "null" : "[hidden]")
                    + ", maxPoolSize=" + maxPoolSize + ", connectionTimeout=" + connectionTimeout + "]";
        }
    }

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(Config config) throws SQLException {
        HikariDataSource pool = pool(config);
        try {
            Migrations.migrate(pool);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    /**
     * Opens a pool on a database the reconciler migrates, migrating nothing: for a second writer (a state fetcher that
     * applies its answers ahead). Connections are made when first asked for, so the database may be down for now.
     */
    public static Database attach(Config config) {
        return new Database(pool(config));
    }

    private static HikariDataSource pool(Config config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setPoolName("doorbell-reconciler");
        // Start even if the database is down for now: the consumer retries and commits no offsets meanwhile.
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
