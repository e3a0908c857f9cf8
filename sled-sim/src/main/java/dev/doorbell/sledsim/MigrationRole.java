package dev.doorbell.sledsim;

/** A VMM's part in its current or last live migration. */
public enum MigrationRole {
    /** Not part of a migration. */
    NONE,
    /** The source: reports {@code migration_out}, ends {@code destroyed} on success. */
    SOURCE,
    /** The target: reports {@code migration_in}, ends {@code running} on success. */
    TARGET
}
