package dev.doorbell.producer;

import java.util.Arrays;

/**
 * Who rang a doorbell; carried in the {@code source} header as {@link #wireName()}. Informational only: tracing
 * and measurement read it, the fetcher never acts on it.
 */
public enum DoorbellSource {
    /** A sled, with its own Kafka producer. */
    SLED("sled"),
    /** A caller of the gateway's {@code POST /v1/vmms/{id}/doorbell} that did not say who it is. */
    GATEWAY("gateway"),
    /** The gateway's shim for the legacy state-bearing upcall. */
    LEGACY_UPCALL("legacy-upcall"),
    /** The reconciler's watcher sweep. */
    WATCHER("watcher"),
    /** A person or tool, by hand. */
    OPERATOR("operator");

    private final String wireName;

    DoorbellSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses a header value; throws {@link IllegalArgumentException} naming the accepted values. */
    public static DoorbellSource fromWireName(String value) {
        for (DoorbellSource source : values()) {
            if (source.wireName.equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown doorbell source '" + value + "' (expected one of "
                + Arrays.stream(values()).map(DoorbellSource::wireName).toList() + ")");
    }
}
