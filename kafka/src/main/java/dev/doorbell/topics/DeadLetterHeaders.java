package dev.doorbell.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a dead-letter record on any of the pipeline's dead-letter topics: why it was rejected
 * and where it came from (topic, partition, offset). Shared by the state fetcher and the reconciler.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";

    private DeadLetterHeaders() {}

    public static Headers of(String reason, String detail, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(DETAIL, bytes(detail == null ? "" : detail));
        headers.add(TOPIC, bytes(topic));
        headers.add(PARTITION, bytes(Integer.toString(partition)));
        headers.add(OFFSET, bytes(Long.toString(offset)));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
