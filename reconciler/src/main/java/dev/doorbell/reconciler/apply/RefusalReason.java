package dev.doorbell.reconciler.apply;

import java.util.Locale;

/**
 * Why the applier refused an observation whole (nothing of it is applied). Each is a fact about
 * the data, so retrying cannot help: the live consumer dead-letters the record with
 * {@link #wireName()} as its {@code dlq.reason}; a rebuild counts it.
 */
public enum RefusalReason {
    /** The database has no row for the VMM: only the control plane creates VMM rows. */
    UNKNOWN_VMM,
    /** The observation names no migration the control plane started. */
    UNKNOWN_MIGRATION,
    /** {@code migration_in} and {@code migration_out} name the same migration: a VMM cannot migrate to itself. */
    SELF_MIGRATION,
    /** {@code migration_out} from a VMM that is not the migration's source. */
    NOT_MIGRATION_SOURCE,
    /** {@code migration_in} from a VMM that is not the migration's target. */
    NOT_MIGRATION_TARGET,
    /** The database refused it for its data (SQLState class 22 or 23): see {@link ApplyStep}. */
    APPLY_FAILED;

    /** The dead-letter reason, e.g. {@code unknown-vmm}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
