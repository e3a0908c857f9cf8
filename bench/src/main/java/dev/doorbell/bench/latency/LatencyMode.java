package dev.doorbell.bench.latency;

import java.util.Locale;

/** How a state change reaches the reconciler's database in the latency benchmark. */
public enum LatencyMode {
    /** R21: the sled rings a body-less doorbell through Kafka; the fetcher pulls; the reconciler applies. */
    DOORBELL,
    /** R19/R20: the sled PUTs its full state to the gateway (mode {@code body}), which publishes it to {@code vmm.states}. */
    UPCALL_BODY,
    /** Omicron today: the sled PUTs its full state to the reconciler's legacy endpoint, applied straight to PostgreSQL. */
    DIRECT_UPCALL,
    /** No notifications: only the reconciler's watcher sweeps (shortened period) find changes. */
    WATCHER_ONLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LatencyMode parse(String text) {
        for (LatencyMode m : values()) {
            if (m.wireName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected doorbell, upcall-body, direct-upcall or watcher-only)");
    }
}
