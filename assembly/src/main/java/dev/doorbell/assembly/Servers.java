package dev.doorbell.assembly;

import dev.doorbell.reconciler.db.Database;
import java.util.Objects;

/**
 * Where the servers a pipeline runs on are: a Kafka cluster, a schema registry speaking the
 * Confluent protocol, and a PostgreSQL database the reconciler may migrate.
 */
public record Servers(String bootstrapServers, String registryUrl, Database.Config database) {

    public Servers {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(database, "database");
    }
}
