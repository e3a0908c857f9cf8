package dev.doorbell.registry;

import java.util.List;

/**
 * The registry's verdict on a candidate schema against a subject.
 *
 * @param compatible whether the registry would accept it
 * @param messages   the registry's reasons when it would not (may be empty: not every registry explains)
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {
    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
