package dev.doorbell.chaos;

import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryServer;
import java.util.Objects;

/**
 * Where a {@link ChaosPipeline} finds its servers: the testkit's shared ones, or dedicated ones a
 * scenario stops and starts.
 *
 * @param bootstrapServers Kafka
 * @param registryUrl      the Confluent-compatible registry API
 * @param jdbcUrl          a PostgreSQL database next to which the pipeline creates its own
 */
record ChaosServers(String bootstrapServers, String registryUrl, String jdbcUrl, String user, String password) {

    ChaosServers {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    static ChaosServers of(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres) {
        return new ChaosServers(kafka.bootstrapServers(), registry.ccompatUrl(), postgres.jdbcUrl(), postgres.user(),
                postgres.password());
    }

    ChaosServers withRegistry(String value) {
        return new ChaosServers(bootstrapServers, value, jdbcUrl, user, password);
    }

    ChaosServers withPostgres(String url, String newUser, String newPassword) {
        return new ChaosServers(bootstrapServers, registryUrl, url, newUser, newPassword);
    }
}
