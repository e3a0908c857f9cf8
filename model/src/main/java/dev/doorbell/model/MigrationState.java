package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state of one side of a live migration, as omicron names it:
 * {@code pending -> in_progress -> completed | failed}.
 */
public enum MigrationState {
    PENDING, IN_PROGRESS, FAILED, COMPLETED;

    /** @return the JSON name, e.g. {@code "in_progress"} */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return true for {@link #COMPLETED} and {@link #FAILED} */
    public boolean isTerminal() {
        return this == FAILED || this == COMPLETED;
    }

    /**
     * Parses a wire name strictly.
     *
     * @throws IllegalArgumentException for anything but an exact wire name
     */
    @JsonCreator
    public static MigrationState fromWire(String name) {
        for (MigrationState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown migration state: " + name);
    }
}
