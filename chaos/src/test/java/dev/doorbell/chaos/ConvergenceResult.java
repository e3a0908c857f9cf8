package dev.doorbell.chaos;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Convergence} check found.
 *
 * @param timeToConverge from the heal until the database equalled every sled (the bound if it never did)
 * @param vmms           VMMs compared
 * @param lost           VMMs whose database generation was below the sled's at the end
 * @param mismatches     every VMM still differing at the end (empty when converged)
 */
record ConvergenceResult(Duration timeToConverge, int vmms, long lost, List<Mismatch> mismatches) {

    ConvergenceResult {
        mismatches = List.copyOf(mismatches);
    }

    boolean converged() {
        return mismatches.isEmpty();
    }
}
