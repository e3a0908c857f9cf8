package dev.doorbell.fetcher;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Headers of a dead-letter record: why it was rejected and where it came from. */
public final class DeadLetters {
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";

    /** Machine-readable reasons. */
    public static final String NULL_KEY = "null-key";
    public static final String INVALID_KEY = "invalid-key";
    public static final String UNKNOWN_VMM = "unknown-vmm";
    public static final String UNKNOWN_SLED = "unknown-sled";

    private DeadLetters() {}

    static Headers headers(String reason, String detail, RingOrigin origin) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(DETAIL, bytes(detail));
        headers.add(TOPIC, bytes(origin.topic()));
        headers.add(PARTITION, bytes(Integer.toString(origin.partition())));
        headers.add(OFFSET, bytes(Long.toString(origin.offset())));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
