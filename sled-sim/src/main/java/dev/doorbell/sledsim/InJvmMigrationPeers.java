package dev.doorbell.sledsim;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Coordinates migrations between sleds in one JVM: finds the sled holding the peer VMM and tells it. */
public final class InJvmMigrationPeers implements MigrationPeers {
    private final List<Sled> sleds = new CopyOnWriteArrayList<>();

    public void register(Sled sled) {
        sleds.add(sled);
    }

    @Override
    public void migrationFailed(UUID peerVmmId, UUID migrationId, URI peerSledUrl) {
        for (Sled sled : sleds) {
            if (sled.contains(peerVmmId)) {
                try {
                    sled.peerMigrationFailed(peerVmmId, migrationId);
                } catch (UnknownVmmException e) {
                    // gone past retention meanwhile: nothing left to fail
                }
            }
        }
    }
}
