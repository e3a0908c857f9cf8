package dev.doorbell.servers;

import java.nio.file.Path;

/**
 * How to run {@link Postgres}.
 *
 * @param dataDirectory where the database lives, or {@code null} for a temporary directory deleted on close
 * @param port          port, 0 for a free one
 * @param durable       {@code fsync=on} and {@code synchronous_commit=on}; otherwise both are off
 *                      (fast, but a crash of the machine may lose committed transactions)
 * @param logFile       where the server's output goes, or {@code null} for {@code postgres.log} beside the data
 */
public record PostgresConfig(Path dataDirectory, int port, boolean durable, Path logFile) {

    /** A throw-away, non-durable database for tests, logging to {@code logFile} (or beside the data if {@code null}). */
    public static PostgresConfig forTests(Path logFile) {
        return new PostgresConfig(null, 0, false, logFile);
    }

    /** A durable database in {@code dataDirectory} that survives restarts. */
    public static PostgresConfig durableIn(Path dataDirectory) {
        return new PostgresConfig(dataDirectory, 0, true, null);
    }
}
