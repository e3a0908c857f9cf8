package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A VMM's lifecycle state, as omicron names it. On the wire each state is its lowercase name
 * ({@code "running"}); any other text is rejected when parsing.
 */
public enum VmmState {
    STARTING, RUNNING, STOPPING, STOPPED, REBOOTING, MIGRATING, FAILED, DESTROYED;

    /** @return the JSON name, e.g. {@code "running"} */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true for {@link #FAILED} and {@link #DESTROYED}: a VMM never leaves these states */
    public boolean isTerminal() {
        return this == FAILED || this == DESTROYED;
    }

    /**
     * Parses a wire name strictly (exact lowercase match).
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static VmmState fromWire(String name) {
        for (VmmState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown VMM state: " + name);
    }
}
