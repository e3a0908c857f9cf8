package dev.doorbell.cli.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a topic where a replay starts ({@code --from}, inclusive) or stops ({@code --to},
 * exclusive): a point in time, resolved per partition with {@code offsetsForTimes}, or an offset in
 * one partition.
 */
public sealed interface Position {

    /** The first record whose timestamp is at or after {@code instant}, in every partition read. */
    record AtTime(Instant instant) implements Position {
    }

    /** Offset {@code offset} of partition {@code partition}; naming it restricts the replay to that partition. */
    record AtOffset(int partition, long offset) implements Position {
        public AtOffset {
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("partition and offset must not be negative");
            }
        }
    }

    Pattern PARTITION_OFFSET = Pattern.compile("(\\d{1,9}):(\\d{1,18})");

    /**
     * Parses {@code 2025-01-31T12:00:00Z} (any ISO-8601 instant or offset date-time) or {@code partition:offset}.
     *
     * @throws IllegalArgumentException with a message naming {@code option} when {@code text} is neither
     */
    static Position parse(String option, String text) {
        String t = text.strip();
        Matcher m = PARTITION_OFFSET.matcher(t);
        if (m.matches()) {
            return new AtOffset(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        }
        try {
            return new AtTime(Instant.parse(t));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return new AtTime(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + ": '" + text
                        + "' is neither an ISO-8601 time (e.g. 2025-01-31T12:00:00Z) nor partition:offset (e.g. 2:1500)");
            }
        }
    }
}
