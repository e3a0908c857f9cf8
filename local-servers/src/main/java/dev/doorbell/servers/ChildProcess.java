package dev.doorbell.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server running as an operating-system process that never outlives this JVM.
 *
 * <p>Its standard output and error are appended to a log file, never to our own output. It runs in
 * a session of its own ({@code setsid}, where the system has it), so a Ctrl-C in the terminal reaches
 * only this JVM, which stops the pipeline before its servers ({@link ShutdownOrder}); the same
 * shutdown stops the process on a normal exit, and a {@link ParentWatchdog} stops it when this JVM is
 * killed outright. {@link #stop(Duration)} and {@link #kill()} are idempotent.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst();

    private final String name;
    private final Process process;
    private final Process watchdog;
    private final Path logFile;
    private final ShutdownOrder.Registration stopOnExit;

    private ChildProcess(String name, Process process, Process watchdog, Path logFile) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.logFile = logFile;
        this.stopOnExit = ShutdownOrder.server(() -> stop(Duration.ofSeconds(10)));
    }

    /**
     * Starts {@code command} in {@code workDir}, appending its output to {@code logFile}.
     *
     * @param name a short name for logs and thread names, e.g. {@code kafka-1}
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process process = builder.start();
            Process watchdog = ParentWatchdog.guard(process.pid());
            LOG.atDebug().setMessage("child process started")
                    .addKeyValue("name", name).addKeyValue("pid", process.pid()).addKeyValue("log", logFile).log();
            return new ChildProcess(name, process, watchdog, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** {@code command} run by {@code setsid} where the system has it (it then execs the command: same pid). */
    static List<String> inOwnSession(List<String> command) {
        return SETSID.map(setsid -> Stream.concat(Stream.of(setsid), command.stream()).toList()).orElse(command);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Exit code once it has ended. */
    public OptionalLong exitCode() {
        return process.isAlive() ? OptionalLong.empty() : OptionalLong.of(process.exitValue());
    }

    /** Waits until the process ends; returns its exit code, or empty on timeout. */
    public OptionalLong awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                cancelStopOnExit();
                return OptionalLong.of(process.exitValue());
            }
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Sends {@code SIGTERM}, waits up to {@code grace}, then {@code SIGKILL}s. Returns once it has ended. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(grace).isEmpty()) {
                LOG.atWarn().setMessage("child process ignored SIGTERM, killing it")
                        .addKeyValue("name", name).addKeyValue("grace", grace).log();
                kill();
            }
        }
        finish();
    }

    /** Sends {@code SIGKILL} and waits until the process has ended (a crash, for chaos tests). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish();
    }

    /** Resident set size in bytes, read from {@code /proc}; empty where unavailable. */
    public OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        return LogFiles.tail(logFile, lines);
    }

    private void finish() {
        watchdog.destroyForcibly();
        try {
            watchdog.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancelStopOnExit();
    }

    private void cancelStopOnExit() {
        stopOnExit.cancel();
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
