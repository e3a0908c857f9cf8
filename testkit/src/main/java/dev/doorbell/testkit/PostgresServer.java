package dev.doorbell.testkit;

import javax.sql.DataSource;

/**
 * A real PostgreSQL server handed to a test by {@link PostgresExtension}. Shared by every test of
 * the JVM (database {@code postgres}): use unique table or schema names. Not durable
 * ({@code fsync=off}), which suits tests.
 */
public interface PostgresServer {

    String jdbcUrl();

    String user();

    String password();

    /** A data source for {@link #jdbcUrl()} with the user and password set. */
    DataSource dataSource();
}
