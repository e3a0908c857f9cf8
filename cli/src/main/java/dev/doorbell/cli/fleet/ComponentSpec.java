package dev.doorbell.cli.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One application component of a fleet: {@code doorbell <arguments>} listening on {@code port}, where its
 * {@code /health} and {@code /metrics} are served.
 *
 * @param name      unique in its fleet, e.g. {@code fetcher-2}; also its Kafka client id
 * @param role      what it runs: {@code reconciler}, {@code fetcher}, {@code gateway}, {@code sled}
 * @param arguments the {@code doorbell} command and its options, including {@code --port}
 * @param port      the port those options give it (fixed, so a restart keeps its address)
 * @param logFile   where its standard output and error go
 */
public record ComponentSpec(String name, String role, List<String> arguments, int port, Path logFile) {

    public ComponentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        arguments = List.copyOf(arguments);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a component listens on a fixed port, not " + port);
        }
        Objects.requireNonNull(logFile, "logFile");
    }

    /** Where its HTTP service answers. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }
}
