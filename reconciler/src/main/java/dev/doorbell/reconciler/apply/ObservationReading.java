package dev.doorbell.reconciler.apply;

import java.time.Instant;
import java.util.Optional;

/**
 * What became of one record's value on its way to the applier: a {@link Read observation}, a
 * record to {@link Skipped skip} (counted, not dead-lettered: a tombstone, or a state newer than
 * this reader), or a record to {@link Rejected dead-letter} (the bytes or their content are bad;
 * retrying will not help).
 */
public sealed interface ObservationReading {

    record Read(Observation observation, Optional<Instant> firstRungAt) implements ObservationReading {
        /** An observation no doorbell caused (or whose first ring is not known). */
        public Read(Observation observation) {
            this(observation, Optional.empty());
        }
    }

    /** @param reason machine-readable, e.g. {@code unknown-state}, {@code tombstone} */
    record Skipped(String reason) implements ObservationReading {}

    /** @param reason machine-readable, for the {@code dlq.reason} header; @param detail human-readable */
    record Rejected(String reason, String detail) implements ObservationReading {}
}
