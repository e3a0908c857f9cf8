package dev.doorbell.producer;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One doorbell record to send: the VMM it is for and the metadata that travels in headers.
 *
 * @param vmmId the key
 * @param source who rang first among the rings this record stands for
 * @param sledId the ringing sled, if a sled rang
 * @param firstRungAtMicros epoch microseconds of the first of those rings
 * @param rings how many rings it stands for (at least 1)
 */
public record OutgoingDoorbell(UUID vmmId, DoorbellSource source, Optional<UUID> sledId, long firstRungAtMicros, int rings) {
    public OutgoingDoorbell {
        Objects.requireNonNull(vmmId, "vmmId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sledId, "sledId");
        if (rings < 1) {
            throw new IllegalArgumentException("rings must be at least 1, was " + rings);
        }
    }

    /** The record key: the VMM id as canonical lowercase text. */
    public String key() {
        return vmmId.toString();
    }
}
