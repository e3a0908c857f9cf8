package dev.doorbell.sledsim;

import java.net.URI;
import java.util.UUID;

/**
 * How a sled tells the other side of a migration that its side failed. Each side of a migration
 * otherwise plays out its own steps; only a failure needs the other side to react (a source
 * resumes running, a target is destroyed).
 */
@FunctionalInterface
public interface MigrationPeers {
    /**
     * The side of {@code migrationId} that is not {@code peerVmmId} failed. Must not block.
     *
     * @param peerSledUrl the peer's sled base URL if it runs in another process, else null
     */
    void migrationFailed(UUID peerVmmId, UUID migrationId, URI peerSledUrl);

    /** No coordination: e.g. a lone sled process, whose peer learns nothing. */
    static MigrationPeers none() {
        return (peerVmmId, migrationId, peerSledUrl) -> {
        };
    }
}
