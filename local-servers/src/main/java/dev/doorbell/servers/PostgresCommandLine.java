package dev.doorbell.servers;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The argument lists {@link Postgres} runs: {@code initdb}, {@code pg_ctl start} and {@code pg_ctl stop}.
 *
 * <p>{@code initdb} requires a password for every connection ({@code scram-sha-256}, host and local), the
 * superuser's read from {@code passwordFile}, as a real deployment would. The server's settings are each given
 * once, as {@code -c name=value}: durability is {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} all on or all off, never {@code -F} beside {@code -c fsync=on}.
 *
 * @param home         the unpacked binaries ({@code bin/initdb}, {@code bin/pg_ctl})
 * @param dataDirectory the database cluster
 * @param port         the server's port
 * @param durable      whether committed transactions survive a crash of the machine
 * @param launcher     what each command runs under: {@code unshare -U} when this JVM is root (PostgreSQL refuses to
 *                     run as root; in a user namespace of its own it is not), else nothing
 */
record PostgresCommandLine(Path home, Path dataDirectory, int port, boolean durable, List<String> launcher) {

    PostgresCommandLine {
        launcher = List.copyOf(launcher);
    }

    /** The launcher this machine needs, as zonky decides it. */
    static List<String> launcherHere() {
        return LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of();
    }

    /** The only authentication method the server accepts. */
    static final String AUTH = "scram-sha-256";
    /** Seconds {@code pg_ctl} waits for the server to start or stop. */
    static final int WAIT_SECONDS = 60;

    List<String> initdb(String superuser, Path passwordFile) {
        return launched(bin("initdb"), "-D", dataDirectory.toString(), "-U", superuser, "-E", "UTF-8",
                "--auth=" + AUTH, "--pwfile=" + passwordFile);
    }

    /** {@code pg_ctl start}, returning once the server accepts connections. */
    List<String> start() {
        return launched(bin("pg_ctl"), "-D", dataDirectory.toString(), "-o", String.join(" ", serverOptions()),
                "-w", "-t", Integer.toString(WAIT_SECONDS), "start");
    }

    /** {@code pg_ctl stop}: fast shutdown (rolls back open transactions, checkpoints), returning once it is down. */
    List<String> stop() {
        return launched(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", Integer.toString(WAIT_SECONDS),
                "stop");
    }

    /** What {@code pg_ctl} hands the {@code postgres} server; no value holds a space (pg_ctl passes them through a shell). */
    List<String> serverOptions() {
        String sync = durable ? "on" : "off";
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
        setting(options, "listen_addresses", "localhost");
        setting(options, "fsync", sync);
        setting(options, "synchronous_commit", sync);
        setting(options, "full_page_writes", sync);
        setting(options, "timezone", "UTC");
        // the reconciler, the chaos tests and the benchmarks each open pools of their own
        setting(options, "max_connections", "300");
        return List.copyOf(options);
    }

    private List<String> launched(String... command) {
        List<String> all = new ArrayList<>(launcher);
        all.addAll(List.of(command));
        return List.copyOf(all);
    }

    private static void setting(List<String> options, String name, String value) {
        options.add("-c");
        options.add(name + "=" + value);
    }

    private String bin(String name) {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("windows");
        return home.resolve("bin").resolve(windows ? name + ".exe" : name).toString();
    }
}
