package dev.doorbell.bench.stack;

import java.util.Objects;

/**
 * Servers that already run (the test JVM's shared ones, or a stack to attach to); closing leaves
 * them running.
 */
public record ExternalServers(String bootstrapServers, String registryUrl, String jdbcUrl, String user, String password)
        implements BenchServers {

    public ExternalServers {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db) is needed, got " + jdbcUrl);
        }
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
