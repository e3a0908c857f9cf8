package dev.doorbell.fetcher;

import dev.doorbell.topics.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;

/**
 * Why the fetcher dead-letters a doorbell: the machine-readable reasons it writes into
 * {@link DeadLetterHeaders#REASON}.
 */
public final class DeadLetters {
    public static final String NULL_KEY = "null-key";
    public static final String INVALID_KEY = "invalid-key";
    public static final String UNKNOWN_VMM = "unknown-vmm";
    public static final String UNKNOWN_SLED = "unknown-sled";

    private DeadLetters() {}

    static Headers headers(String reason, String detail, RingOrigin origin) {
        return DeadLetterHeaders.of(reason, detail, origin.topic(), origin.partition(), origin.offset());
    }
}
