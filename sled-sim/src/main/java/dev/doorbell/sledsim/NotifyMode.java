package dev.doorbell.sledsim;

import java.util.Locale;

/** How a sled tells the control plane that a VMM changed. */
public enum NotifyMode {
    /** No notifications (only pulls and sweeps see changes). */
    NONE,
    /** The legacy upcall: {@code PUT <gateway>/v1/vmms/{id}} with the state as body. */
    UPCALL_BODY,
    /** A body-less ring at {@code POST <gateway>/v1/vmms/{id}/doorbell}. */
    DOORBELL_HTTP,
    /** A ring through a {@link dev.doorbell.model.Doorbell} given by the caller (a Kafka publisher). */
    DOORBELL_KAFKA;

    /** @return the flag form, e.g. {@code upcall-body} */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code none}, {@code upcall-body}, {@code doorbell-http} or {@code doorbell-kafka}. */
    public static NotifyMode parse(String text) {
        for (NotifyMode m : values()) {
            if (m.flagName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown notify mode '" + text
                + "' (expected none, upcall-body, doorbell-http or doorbell-kafka)");
    }

    boolean needsGateway() {
        return this == UPCALL_BODY || this == DOORBELL_HTTP;
    }
}
