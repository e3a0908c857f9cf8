package dev.doorbell.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run an {@link ApicurioRegistry}.
 *
 * @param directory      where the log (and the storage, if persistent) go; {@code null} for a temporary directory
 *                       deleted on close
 * @param persistent     keep subjects and schemas across restarts (H2 file under {@code directory}),
 *                       otherwise in memory
 * @param port           HTTP API port, 0 for a free one
 * @param managementPort health and metrics port, 0 for a free one
 * @param startTimeout   how long a start may take before it fails
 */
public record ApicurioRegistryConfig(Path directory, boolean persistent, int port, int managementPort,
        Duration startTimeout) {

    public ApicurioRegistryConfig {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (persistent && directory == null) {
            throw new IllegalArgumentException("persistent storage needs a directory");
        }
    }

    /** In-memory storage, free ports, logs in {@code directory} (or a temporary one if {@code null}). */
    public static ApicurioRegistryConfig inMemory(Path directory) {
        return new ApicurioRegistryConfig(directory, false, 0, 0, Duration.ofSeconds(120));
    }

    /** Storage in an H2 file under {@code directory}, free ports. */
    public static ApicurioRegistryConfig persistentIn(Path directory) {
        return new ApicurioRegistryConfig(directory, true, 0, 0, Duration.ofSeconds(120));
    }
}
