package dev.doorbell.cli.inspect;

import dev.doorbell.cli.replay.ReplayedRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The VMM's newest records on {@code vmm.states} and {@code vmm.doorbells} (each read from the one partition its key hashes to). */
public sealed interface TopicsView {

    /**
     * @param newestObservation the newest record of the VMM on the states topic, decoded; empty if the scanned tail held none
     * @param rings the newest rings of the VMM, newest first
     * @param scanned how many records of the two partitions were read to find them
     */
    record Read(String statesTopic, int statesPartition, Optional<ReplayedRecord> newestObservation,
                String doorbellsTopic, int doorbellsPartition, List<ReplayedRecord> rings, long scanned) implements TopicsView {
        public Read {
            Objects.requireNonNull(newestObservation, "newestObservation");
            rings = List.copyOf(rings);
        }
    }

    /** The topics could not be read (broker or registry unreachable, no such topic); {@code reason} in one sentence. */
    record Unreadable(String reason) implements TopicsView {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
