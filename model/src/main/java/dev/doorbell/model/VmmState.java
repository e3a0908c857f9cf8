package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A VMM's lifecycle state, as omicron names it. On the wire each state is its lowercase name
 * ({@code "running"}); any other text is rejected when parsing.
 */
public enum VmmState {
    STARTING, RUNNING, STOPPING, STOPPED, REBOOTING, MIGRATING, FAILED, DESTROYED;

    /** @return the JSON name, e.g. {@code "running"} */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The terminal states, {@link #FAILED} and {@link #DESTROYED}: a VMM never leaves them. The one
     * place that says so; SQL uses {@link #terminalSqlValues()}, text {@link #isTerminal(String)}.
     */
    public static final Set<VmmState> TERMINAL = Collections.unmodifiableSet(EnumSet.of(FAILED, DESTROYED));

    /** @return whether this is one of the {@link #TERMINAL} states */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** @return whether {@code wireName} names a {@link #TERMINAL} state (false for anything else, {@code null} included) */
    public static boolean isTerminal(String wireName) {
        return TERMINAL.stream().anyMatch(s -> s.wireName().equals(wireName));
    }

    /** @return the {@link #TERMINAL} states as SQL literals for an {@code IN (...)} list: {@code 'failed', 'destroyed'} */
    public static String terminalSqlValues() {
        return TERMINAL.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", "));
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
