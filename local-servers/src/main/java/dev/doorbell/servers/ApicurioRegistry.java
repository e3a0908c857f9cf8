package dev.doorbell.servers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 3.3.3 running as its own process on loopback, serving the Confluent
 * schema-registry API ({@link #ccompatUrl()}) and its own v3 API ({@link #coreV3Url()}).
 *
 * <p>Needs Java 21+ (it runs on this JVM's own Java). Ready when {@code /health/ready} on the
 * management port answers 200. Ports stay the same across {@link #stop()} and {@link #start()};
 * with in-memory storage a restart forgets every schema, with persistent storage it keeps them.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String HOST = "127.0.0.1";

    private final ApicurioRegistryConfig config;
    private final Path directory;
    private final boolean temporary;
    private final int port;
    private final int managementPort;
    private final JavaRuntime java;
    private final Path runJar;
    private volatile ChildProcess process;

    private ApicurioRegistry(ApicurioRegistryConfig config) {
        this.java = JavaRuntime.current().requireAtLeast(21, "Apicurio Registry 3");
        this.runJar = ApicurioDistribution.runJar();
        this.config = config;
        this.temporary = config.directory() == null;
        this.directory = temporary ? Directories.createTemp("doorbell-registry-") : Directories.create(config.directory());
        List<Integer> free = FreePorts.several(2);
        this.port = config.port() > 0 ? config.port() : free.get(0);
        this.managementPort = config.managementPort() > 0 ? config.managementPort() : free.get(1);
    }

    /** Launches the registry and returns once it is ready. */
    public static ApicurioRegistry start(ApicurioRegistryConfig config) {
        ApicurioRegistry registry = new ApicurioRegistry(config);
        try {
            registry.start();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** Starts the process again if it is not running, and waits until it is ready. */
    public void start() {
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.add("-Xmx512m");
        command.addAll(java.quietOptions());
        command.add("-Dquarkus.http.host=" + HOST);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=" + HOST);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.http.access-log.enabled=false");
        if (config.persistent()) {
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + directory.resolve("storage").resolve("reg")
                    // Commit means on disk: H2 otherwise delays writes and a SIGKILL loses them.
                    + ";WRITE_DELAY=0");
        }
        command.add("-jar");
        command.add(runJar.toString());
        process = ChildProcess.start("apicurio-registry", command, directory, logFile());
        awaitReady();
        LOG.atInfo().setMessage("schema registry ready")
                .addKeyValue("url", ccompatUrl()).addKeyValue("persistent", config.persistent())
                .addKeyValue("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .addKeyValue("rssMiB", process.residentBytes().orElse(-1) >> 20).log();
    }

    /** Confluent-compatible API base, e.g. {@code http://127.0.0.1:P/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** Apicurio's own API base, e.g. {@code http://127.0.0.1:P/apis/registry/v3}. */
    public String coreV3Url() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** {@code http://127.0.0.1:P}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** Management base ({@code /health/ready}, {@code /metrics}). */
    public String managementUrl() {
        return "http://" + HOST + ":" + managementPort;
    }

    public Path logFile() {
        return directory.resolve("registry.log");
    }

    public boolean isRunning() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    public OptionalLong residentBytes() {
        ChildProcess current = process;
        return current != null ? current.residentBytes() : OptionalLong.empty();
    }

    /** Graceful stop: {@code SIGTERM}, then {@code SIGKILL} after 20 s. */
    public void stop() {
        ChildProcess current = process;
        if (current != null) {
            current.stop(Duration.ofSeconds(20));
        }
    }

    /** Crash: {@code SIGKILL}. */
    public void kill() {
        ChildProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    /** Stops the process; deletes the directory if it was temporary. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            Directories.deleteRecursively(directory);
        }
    }

    private void awaitReady() {
        URI health = URI.create(managementUrl() + "/health/ready");
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                ChildProcess current = process;
                if (!current.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited while starting (exit " + current.exitCode()
                            + "):\n" + current.logTail(40));
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Apicurio Registry was not ready within " + config.startTimeout()
                            + ":\n" + current.logTail(40));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + baseUrl() + "]";
    }
}
