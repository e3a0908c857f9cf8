package dev.doorbell.reconciler.apply;

/**
 * What the applier does with an observation of a VMM or migration the database has no row for.
 * Rows belong to the control plane (as in omicron, whose start and migrate sagas insert them
 * before calling a sled), so live consumption {@link #REFUSE}s; replaying {@code vmm.states} into
 * an empty database is the one exception, since the stream is then the only record left.
 */
public enum UnknownRows {
    /** Refuse it ({@link RefusalReason#UNKNOWN_VMM}, {@link RefusalReason#UNKNOWN_MIGRATION}): never insert a row. */
    REFUSE,
    /**
     * Insert the row from the report (a rebuild): a reported state creates its VMM row, a migration
     * side creates its migration row with the reporter as that side's VMM. A {@code NoSuchVmm} or
     * {@code SledUnreachable} of an unknown VMM is still refused (there is nothing to adopt), and so
     * are self-migrations and wrong reporters.
     */
    ADOPT
}
