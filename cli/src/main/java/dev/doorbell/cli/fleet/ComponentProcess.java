package dev.doorbell.cli.fleet;

import dev.doorbell.servers.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A component running as a process of its own ({@link ChildProcess}: its own session, stopped with this JVM,
 * output appended to its log file). Started by {@link #start}, which returns once its {@code /health} answers 200.
 */
public final class ComponentProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ComponentSpec spec;
    private final ChildProcess process;
    private final long startedNanos = System.nanoTime();

    private ComponentProcess(ComponentSpec spec, ChildProcess process) {
        this.spec = spec;
        this.process = process;
    }

    /**
     * Starts {@code spec} and waits until its {@code /health} answers 200.
     *
     * @throws IllegalStateException with the end of its log if it exits or is not healthy within {@code timeout}
     */
    public static ComponentProcess start(ComponentSpec spec, JvmLauncher jvm, Duration timeout) {
        ChildProcess child = ChildProcess.start(spec.name(), jvm.command(spec.arguments()), spec.logFile().getParent(), spec.logFile());
        ComponentProcess component = new ComponentProcess(spec, child);
        try {
            component.awaitHealthy(timeout);
            return component;
        } catch (RuntimeException e) {
            child.stop(Duration.ofSeconds(5));
            throw e;
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI health = spec.baseUrl().resolve("/health");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitCode().orElse(-1) + " while starting; its log ends:\n"
                        + process.logTail(20));
            }
            if (answers200(health)) {
                return;
            }
            if (process.awaitExit(Duration.ofMillis(200)).isPresent()) {
                continue; // reported on the next round
            }
        }
        throw new IllegalStateException(spec.name() + " was not healthy at " + health + " within " + timeout + "; its log ends:\n"
                + process.logTail(20));
    }

    private static boolean answers200(URI uri) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + uri, e);
        }
    }

    public ComponentSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code once it has ended. */
    public OptionalLong exitCode() {
        return process.exitCode();
    }

    public long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    /** Resident set size in bytes, where the system tells. */
    public OptionalLong residentBytes() {
        return process.residentBytes();
    }

    /** {@code SIGKILL}: no shutdown hook runs, nothing is flushed or committed. Returns once it has ended. */
    public void kill() {
        process.kill();
    }

    /** {@code SIGTERM}, then {@code SIGKILL} if it has not ended within 30 s. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    @Override
    public String toString() {
        return spec.name() + "[pid " + process.pid() + ", " + spec.baseUrl() + "]";
    }
}
