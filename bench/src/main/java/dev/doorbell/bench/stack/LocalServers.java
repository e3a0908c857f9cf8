package dev.doorbell.bench.stack;

import dev.doorbell.model.Resources;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.Directories;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Kafka broker and Apicurio Registry as processes and an embedded PostgreSQL (not durable, like
 * in tests), started under one directory; closing stops them.
 */
public final class LocalServers implements BenchServers {

    private final Resources owned;
    private final LocalKafkaCluster kafka;
    private final ApicurioRegistry registry;
    private final Postgres postgres;

    private LocalServers(Resources owned, LocalKafkaCluster kafka, ApicurioRegistry registry, Postgres postgres) {
        this.owned = owned;
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
    }

    /** Starts the three servers under a new temporary directory, which {@link #close()} deletes. */
    public static LocalServers startTemporary() throws IOException {
        Path dir = Files.createTempDirectory("doorbell-bench-servers");
        return start(dir, () -> Directories.deleteRecursively(dir));
    }

    /** Starts the three servers, one after the other, under {@code dir}. */
    public static LocalServers start(Path dir) {
        return start(dir, () -> { });
    }

    /** Starts the servers, owning {@code cleanUp} first so it runs after they stopped; a failed start stops what started. */
    private static LocalServers start(Path dir, AutoCloseable cleanUp) {
        Resources owned = new Resources((resource, e) -> System.err.println("doorbell bench: while stopping " + resource + ": " + e));
        owned.onClose(cleanUp);
        try {
            LocalKafkaCluster kafka = owned.own(LocalKafkaCluster.start(KafkaClusterConfig.single(dir.resolve("kafka"))));
            ApicurioRegistry registry = owned.own(ApicurioRegistry.start(ApicurioRegistryConfig.inMemory(dir.resolve("registry"))));
            Postgres postgres = owned.own(Postgres.start(PostgresConfig.forTests(dir.resolve("postgres.log"))));
            return new LocalServers(owned, kafka, registry, postgres);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String registryUrl() {
        return registry.ccompatUrl();
    }

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

    /** Stops PostgreSQL, the registry and Kafka (the reverse of their start), then deletes a temporary directory. */
    @Override
    public void close() {
        owned.close();
    }
}
