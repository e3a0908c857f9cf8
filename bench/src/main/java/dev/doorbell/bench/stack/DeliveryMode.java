package dev.doorbell.bench.stack;

import java.util.Locale;

/** How a sled's state change reaches the reconciler's database. */
public enum DeliveryMode {
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

    /** @return whether the state is pulled from the sled by the fetcher (so fetches and sled GETs are expected) */
    public boolean pulls() {
        return this == DOORBELL || this == WATCHER_ONLY;
    }

    public static DeliveryMode parse(String text) {
        for (DeliveryMode m : values()) {
            if (m.wireName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected doorbell, upcall-body, direct-upcall or watcher-only)");
    }
}
