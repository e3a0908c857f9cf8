package dev.doorbell.cli.bench;

import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.ExternalServers;
import dev.doorbell.bench.stack.LocalServers;
import dev.doorbell.bench.stack.Progress;
import picocli.CommandLine.Option;

/**
 * Where a benchmark's servers come from: started here (default), or already running when
 * {@code --kafka}, {@code --registry-url} and {@code --jdbc-url} are given (each scenario uses its
 * own topics, registry subject and database on them). CPU time is measured for those that listen
 * on this machine.
 */
public final class AttachOptions {

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Attach to this Kafka cluster instead of starting a broker.")
    String kafka;

    @Option(names = "--registry-url", paramLabel = "URL", description = "With --kafka: the Confluent-compatible registry API.")
    String registryUrl;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "With --kafka: a PostgreSQL server (jdbc:postgresql://host:port/db) where databases may be created.")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "With --jdbc-url (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--db-password", defaultValue = "postgres", description = "With --jdbc-url (default: ${DEFAULT-VALUE}).")
    String password;

    /** @return the attached servers, or servers started now (with a progress line) */
    BenchServers servers(Progress progress) throws Exception {
        if (kafka == null && registryUrl == null && jdbcUrl == null) {
            progress.line("starting broker, registry, PostgreSQL ...");
            return LocalServers.startTemporary();
        }
        if (kafka == null || registryUrl == null || jdbcUrl == null) {
            throw new IllegalArgumentException("attaching needs --kafka, --registry-url and --jdbc-url together");
        }
        return new ExternalServers(kafka, registryUrl, jdbcUrl, user, password);
    }
}
