package dev.doorbell.producer;

/** Who rang a doorbell; carried in the {@code source} header as {@link #wireName()}. */
public enum DoorbellSource {
    SLED("sled"),
    LEGACY_UPCALL("legacy-upcall"),
    WATCHER("watcher"),
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
        throw new IllegalArgumentException("unknown doorbell source '" + value + "' (expected sled, legacy-upcall, watcher or operator)");
    }
}
