package dev.doorbell.directory;

import dev.doorbell.model.Doorbell;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A doorbell that first publishes the VMM's placement on this sled the first time it rings for it:
 * a stand-in for the control plane's placement record when a simulated sled creates VMMs by itself.
 * The fetcher waits a bounded time for a placement that follows its VMM's first ring.
 */
public final class PlacingDoorbell implements Doorbell {

    private final Doorbell delegate;
    private final DirectoryPublisher directory;
    private final UUID sledId;
    private final Set<UUID> placed = ConcurrentHashMap.newKeySet();

    public PlacingDoorbell(Doorbell delegate, DirectoryPublisher directory, UUID sledId) {
        this.delegate = delegate;
        this.directory = directory;
        this.sledId = sledId;
    }

    @Override
    public void ring(UUID vmmId) {
        if (placed.add(vmmId)) {
            directory.publishPlacement(vmmId, sledId);
        }
        delegate.ring(vmmId);
    }
}
