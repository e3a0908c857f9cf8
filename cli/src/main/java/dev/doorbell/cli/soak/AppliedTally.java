package dev.doorbell.cli.soak;

import java.util.HashMap;
import java.util.Map;

/**
 * Observations applied so far by the soak's reconcilers, across their restarts. Each reconciler process counts
 * from zero, and a killed one's counter dies with it; so each process is kept by its pid with the highest count it was
 * seen with, and the total is their sum: a killed reconciler adds what it had applied by its last sample (what it
 * applied after that is not counted), its successor what it applies from zero. Not thread-safe: the soak's loop only.
 */
final class AppliedTally {

    private final Map<Long, Double> byProcess = new HashMap<>();

    /** A sample of process {@code pid}'s applied counter. */
    void saw(long pid, double applied) {
        byProcess.merge(pid, applied, Math::max);
    }

    /** @return every process's highest count, summed */
    double total() {
        return byProcess.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
