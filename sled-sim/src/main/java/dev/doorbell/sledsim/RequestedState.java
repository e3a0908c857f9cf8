package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What {@code PUT /vmms/{id}/state} may ask for; wire names {@code running}, {@code stopped}, {@code reboot}, {@code migrate_out}. */
public enum RequestedState {
    RUNNING, STOPPED, REBOOT, MIGRATE_OUT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless {@code name} is an exact wire name */
    @JsonCreator
    public static RequestedState fromWire(String name) {
        for (RequestedState r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown requested state: " + name
                + " (expected running, stopped, reboot or migrate_out)");
    }
}
