package dev.doorbell.cli.inspect;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The four views of one VMM, gathered at {@code at}. */
public record Inspection(UUID vmm, Instant at, DatabaseView database, SledAnswer sled, TopicsView topics, PendingView pending) {

    public Inspection {
        Objects.requireNonNull(vmm, "vmm");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sled, "sled");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(pending, "pending");
    }
}
