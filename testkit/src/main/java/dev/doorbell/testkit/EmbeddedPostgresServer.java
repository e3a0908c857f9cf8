package dev.doorbell.testkit;

import dev.doorbell.servers.Postgres;
import javax.sql.DataSource;

/** {@link PostgresServer} over a {@link Postgres}; closing stops it and deletes its data. */
record EmbeddedPostgresServer(Postgres postgres) implements PostgresServer, AutoCloseable {

    @Override
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    @Override
    public String user() {
        return postgres.user();
    }

    @Override
    public String password() {
        return postgres.password();
    }

    @Override
    public DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    public void close() {
        postgres.close();
    }
}
