package dev.doorbell.cli;

import dev.doorbell.reconciler.db.Database;
import picocli.CommandLine.Option;

/** Where the control plane's PostgreSQL is: the reconciler's database, and the fetcher's when it applies ahead. */
final class DatabaseOptions {

    @Option(names = "--jdbc-url", defaultValue = "${env:DOORBELL_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}",
            description = "Any PostgreSQL-wire database (env DOORBELL_JDBC_URL; default ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:DOORBELL_DB_USER:-postgres}", description = "Default ${DEFAULT-VALUE}.")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:DOORBELL_DB_PASSWORD:-postgres}", description = "Env DOORBELL_DB_PASSWORD.",
            arity = "0..1", interactive = false)
    String dbPassword;

    Database.Config config() {
        return Database.Config.of(jdbcUrl, dbUser, dbPassword);
    }
}
