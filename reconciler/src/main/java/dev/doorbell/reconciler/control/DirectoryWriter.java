package dev.doorbell.reconciler.control;

import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.model.SledRecord;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where the control API writes the directory the state fetcher resolves addresses from: sled
 * records ({@code sleds}) and VMM placements ({@code vmm.placements}), both compacted topics.
 * Each stage completes when the write is durably acknowledged.
 */
public interface DirectoryWriter {

    CompletionStage<Void> publishSled(SledRecord sled);

    CompletionStage<Void> publishPlacement(UUID vmmId, UUID sledId);

    /** The directory on Kafka. */
    static DirectoryWriter of(DirectoryPublisher publisher) {
        return new DirectoryWriter() {
            @Override
            public CompletionStage<Void> publishSled(SledRecord sled) {
                return publisher.publishSled(sled);
            }

            @Override
            public CompletionStage<Void> publishPlacement(UUID vmmId, UUID sledId) {
                return publisher.publishPlacement(vmmId, sledId);
            }
        };
    }
}
