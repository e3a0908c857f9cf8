package dev.doorbell.chaos;

import java.util.UUID;

/**
 * A VMM whose database row differs from its sled's state.
 *
 * @param vmm      the VMM
 * @param sled     state and generation on the sled
 * @param database state and generation in the database ({@code null} state and generation 0 if no row)
 */
record Mismatch(UUID vmm, Snapshot sled, Snapshot database) {

    /** A VMM's state name and generation. */
    record Snapshot(String state, long generation) {
        static final Snapshot ABSENT = new Snapshot(null, 0);

        @Override
        public String toString() {
            return state + "@" + generation;
        }
    }

    /** The database is behind the sled: an update that never arrived. */
    boolean lost() {
        return database.generation() < sled.generation();
    }

    @Override
    public String toString() {
        return vmm + " sled " + sled + " db " + database;
    }
}
