package dev.doorbell.cli.schema;

import dev.doorbell.registry.CompatibilityLevel;
import java.util.Objects;

/**
 * The compatibility level a registry applies to a subject.
 *
 * @param level     the level in force
 * @param inherited true when the subject has no level of its own and the registry's global one applies
 */
public record SubjectLevel(CompatibilityLevel level, boolean inherited) {

    public SubjectLevel {
        Objects.requireNonNull(level, "level");
    }

    /** {@code FULL_TRANSITIVE}, or {@code BACKWARD (global default)} when inherited. */
    public String describe() {
        return inherited ? level + " (global default)" : level.name();
    }
}
