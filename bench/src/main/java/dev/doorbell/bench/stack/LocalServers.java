package dev.doorbell.bench.stack;

import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Kafka broker and Apicurio Registry as processes and an embedded PostgreSQL (not durable, like
 * in tests), started under one directory; closing stops them.
 */
public final class LocalServers implements BenchServers {

    private final LocalKafkaCluster kafka;
    private final ApicurioRegistry registry;
    private final Postgres postgres;
    private Path temporary;

    private LocalServers(LocalKafkaCluster kafka, ApicurioRegistry registry, Postgres postgres) {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
    }

    /** Starts the three servers under a new temporary directory, which {@link #close()} deletes. */
    public static LocalServers startTemporary() throws IOException {
        Path dir = Files.createTempDirectory("doorbell-bench-servers");
        LocalServers servers = start(dir);
        servers.temporary = dir;
        return servers;
    }

    /** Starts the three servers, one after the other, under {@code dir}. */
    public static LocalServers start(Path dir) {
        LocalKafkaCluster kafka = LocalKafkaCluster.start(KafkaClusterConfig.single(dir.resolve("kafka")));
        ApicurioRegistry registry = null;
        try {
            registry = ApicurioRegistry.start(ApicurioRegistryConfig.inMemory(dir.resolve("registry")));
            return new LocalServers(kafka, registry, Postgres.start(PostgresConfig.forTests(dir.resolve("postgres.log"))));
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
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

    @Override
    public void close() {
        postgres.close();
        registry.close();
        kafka.close();
        if (temporary != null) {
            try (Stream<Path> files = Files.walk(temporary)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // left in the temporary directory
            }
        }
    }
}
