package dev.doorbell.observation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The header a state fetcher that applies its answers itself puts on the observations the database
 * has already committed: the live reconciler skips a record that carries it (it would change
 * nothing behind the generation guards) and commits its offset; a rebuild from {@code vmm.states}
 * ignores it and applies every record. A record without it is applied by the reconciler as before.
 */
public final class AppliedMark {

    /** The header's name; its value is {@code fetcher}, who applied it. */
    public static final String HEADER = "doorbell-applied";
    private static final byte[] VALUE = "fetcher".getBytes(StandardCharsets.UTF_8);

    private AppliedMark() {}

    /** Fresh headers carrying the mark. */
    public static Headers headers() {
        return new RecordHeaders().add(HEADER, VALUE);
    }

    /** Whether {@code headers} carry the mark. */
    public static boolean isMarked(Headers headers) {
        return headers != null && headers.lastHeader(HEADER) != null;
    }
}
