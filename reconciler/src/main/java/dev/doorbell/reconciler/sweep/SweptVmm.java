package dev.doorbell.reconciler.sweep;

import java.util.Objects;
import java.util.UUID;

/**
 * One VMM as a sweep reads it from the database.
 *
 * @param id         the VMM
 * @param sled       its sled, as the {@code sled} table has it
 * @param state      its {@code state} column ({@code creating} .. {@code failed}; never {@code destroyed})
 * @param generation its {@code state_generation}
 * @param overdue      not {@code failed} or {@code creating}, and last observed longer ago than the settings' overdue time
 */
record SweptVmm(UUID id, SweptSled sled, String state, long generation, boolean overdue) {

    static final String CREATING = "creating";
    static final String FAILED = "failed";

    SweptVmm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sled, "sled");
        Objects.requireNonNull(state, "state");
    }

    boolean creating() {
        return CREATING.equals(state);
    }
}
