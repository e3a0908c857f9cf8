package dev.doorbell.producer;

import java.util.Set;
import java.util.UUID;

/**
 * What {@link DoorbellPublisher#close} could not send before its deadline.
 *
 * @param unsent VMM ids whose latest ring was not acknowledged by Kafka
 */
public record CloseReport(Set<UUID> unsent) {
    public CloseReport {
        unsent = Set.copyOf(unsent);
    }

    public boolean complete() {
        return unsent.isEmpty();
    }
}
