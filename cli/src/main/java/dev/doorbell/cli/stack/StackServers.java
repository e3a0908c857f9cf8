package dev.doorbell.cli.stack;

import dev.doorbell.assembly.Servers;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers under a local stack, each a process of its own: the Kafka broker(s) (KRaft; 1 or 3 nodes), Apicurio
 * Registry and PostgreSQL. Started by {@link #start}, closed with the stack (its {@link Phases} own them).
 *
 * @param endpoints name → address, in start order
 * @param logs      name → log file
 */
record StackServers(LocalKafkaCluster kafka, ApicurioRegistry registry, Postgres postgres, Map<String, String> endpoints,
                    Map<String, Path> logs) {

    /**
     * @param brokers 1 or 3; with 3 the first client port is {@code config.kafkaPort()} and the next two follow it
     * @param work    where temporary data goes when the stack has no data directory
     */
    static StackServers start(StackConfig config, int brokers, Path work, Phases phases) throws Exception {
        Map<String, String> endpoints = new LinkedHashMap<>();
        Map<String, Path> logs = new LinkedHashMap<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; config.kafkaPort() != 0 && i < brokers; i++) {
            ports.add(config.kafkaPort() + i);
        }
        LocalKafkaCluster kafka = phases.run(brokers == 1 ? "kafka broker (KRaft, own process)" : "kafka: " + brokers + " brokers (KRaft)",
                () -> LocalKafkaCluster.start(new KafkaClusterConfig(brokers, config.dir("kafka"), ports, Duration.ofSeconds(90))),
                LocalKafkaCluster::bootstrapServers);
        kafka.brokers().forEach(b -> logs.put(brokers == 1 ? "kafka" : "kafka " + b.nodeId(), b.logFile()));
        endpoints.put("kafka", kafka.bootstrapServers());

        ApicurioRegistry registry = phases.run("schema registry (Apicurio, own process)", () -> ApicurioRegistry.start(
                new ApicurioRegistryConfig(config.dataDir() == null ? work.resolve("registry") : config.dir("registry"),
                        config.dataDir() != null, config.registryPort(), 0, Duration.ofSeconds(120))), ApicurioRegistry::ccompatUrl);
        logs.put("registry", registry.logFile());
        endpoints.put("registry", registry.ccompatUrl());

        Postgres postgres = phases.run("PostgreSQL (embedded" + (config.dataDir() != null ? ", durable)" : ", fsync off)"),
                () -> Postgres.start(config.dataDir() != null ? PostgresConfig.durableIn(config.dir("postgres"))
                        : PostgresConfig.forTests(work.resolve("postgres.log"))), Postgres::jdbcUrl);
        endpoints.put("postgres", postgres.jdbcUrl());
        logs.put("postgres", postgres.logFile());
        endpoints.put("postgres login", "user " + postgres.user() + ", password " + postgres.password());
        return new StackServers(kafka, registry, postgres, endpoints, logs);
    }

    /** The addresses the pipeline's components are given. */
    Servers addresses() {
        return new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), Database.Config.of(postgres.jdbcUrl(), postgres.user(),
                postgres.password()));
    }
}
