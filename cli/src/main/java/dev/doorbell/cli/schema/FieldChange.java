package dev.doorbell.cli.schema;

import java.util.Objects;

/**
 * One field-level difference between two versions of a schema.
 *
 * @param kind   added, removed or changed
 * @param path   the field path, e.g. {@code outcome[SledVmmState].vmm_state.failure_reason}
 * @param detail what is there, e.g. {@code ["null","string"] = null}, or what changed
 */
public record FieldChange(Kind kind, String path, String detail) {

    public enum Kind {
        ADDED("+"), REMOVED("-"), CHANGED("~");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }
    }

    public FieldChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }

    /** E.g. {@code + outcome[SledVmmState].vmm_state.failure_reason: ["null","string"] = null}. */
    public String describe() {
        return kind.symbol + " " + (path.isEmpty() ? "(root)" : path) + ": " + detail;
    }
}
