package dev.doorbell.testkit;

import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link PostgresServer} into test constructors and methods: one PostgreSQL server per
 * test JVM, started on first use, stopped and deleted when the JVM's tests end. Its log is under
 * {@code target/doorbell-servers/}.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public PostgresServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("postgres",
                key -> new EmbeddedPostgresServer(Postgres.start(PostgresConfig.forTests(
                        TestDirectories.newDirectory("postgres").resolve("postgres.log")))),
                EmbeddedPostgresServer.class);
    }
}
