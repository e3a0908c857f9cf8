package dev.doorbell.cli.replay;

import java.time.Instant;
import java.util.List;

/**
 * One record as a replay shows it.
 *
 * @param key the key as UTF-8 text, hex when it is not text, {@code null} when absent
 * @param headers in record order, values as text (hex when not UTF-8)
 */
public record ReplayedRecord(String topic, int partition, long offset, Instant timestamp, String key,
                             List<HeaderText> headers, ReplayedValue value) {

    public ReplayedRecord {
        headers = List.copyOf(headers);
    }

    /** A record header with its value as text. */
    public record HeaderText(String name, String value) {
    }
}
