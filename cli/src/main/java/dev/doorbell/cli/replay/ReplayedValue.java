package dev.doorbell.cli.replay;

import dev.doorbell.schemas.avro.VmmStateObservation;

/** What a replayed record's value turned out to be. */
public sealed interface ReplayedValue {

    /** A null value: every doorbell (the notification carries no state), or a tombstone. */
    record NoBody() implements ReplayedValue {
    }

    /** A {@code vmm.states} value decoded through the registry. */
    record Observation(VmmStateObservation observation) implements ReplayedValue {
    }

    /** A value of any other topic, as UTF-8 text. */
    record Text(String text) implements ReplayedValue {
    }

    /**
     * Bytes that are not what the topic should hold; the replay shows them and goes on.
     *
     * @param reason why, in one sentence
     * @param bytes the value as read
     */
    record Malformed(String reason, byte[] bytes) implements ReplayedValue {
    }
}
