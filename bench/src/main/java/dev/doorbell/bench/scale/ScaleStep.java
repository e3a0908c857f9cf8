package dev.doorbell.bench.scale;

import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.StoreSizes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What holding one fleet size costs. The background figures are measured once per size (in doorbell
 * mode); the highest sustained rate is searched for in every mode of the run. {@code maxSustainedRate},
 * {@code reachedCeiling} and the figures "at max" are those of the reference mode (doorbell when it ran).
 *
 * @param vmms              VMMs in the fleet
 * @param background        the stack's cost over a window with sweeps and no changes
 * @param stores            the fetcher's store sizes after that window
 * @param heapAfterGcBytes  the bench JVM's heap in use after a full collection
 * @param maxSustainedRate  the highest rate whose phase passed (0: none did)
 * @param reachedCeiling    whether the search stopped at its highest allowed rate while still passing
 * @param cpuMsPerChangeAtMax CPU milliseconds per change, all components, in the phase at {@code maxSustainedRate}
 * @param sweepP99RatioAtMax  in that phase, p99 of changes made during sweeps over p99 of the others (NaN: not both seen)
 * @param maxSustainedRates the highest rate whose phase passed, per mode searched, in the run's mode order (0: none did)
 */
public record ScaleStep(int vmms, PhaseCost background, StoreSizes stores, long heapAfterGcBytes, int maxSustainedRate,
                        boolean reachedCeiling, double cpuMsPerChangeAtMax, double sweepP99RatioAtMax,
                        Map<DeliveryMode, Integer> maxSustainedRates) {

    public ScaleStep {
        maxSustainedRates = Collections.unmodifiableMap(new LinkedHashMap<>(maxSustainedRates));
    }

    /** @return the highest rate {@code mode}'s search sustained at this size (0: none passed or the mode was not searched) */
    public int maxSustainedRate(DeliveryMode mode) {
        return maxSustainedRates.getOrDefault(mode, 0);
    }

    /** @return background state requests (single or batched) the sleds answered per second */
    public double backgroundSledRequestsPerSecond() {
        return background.counters().sled().total() / seconds();
    }

    /** @return background VMM fetches per second (VMM states pulled, batched or not) */
    public double backgroundFetchesPerSecond() {
        return background.counters().fetches() / seconds();
    }

    /** @return mean duration of the sweeps completed in the window, ms (NaN if none) */
    public double meanSweepMillis() {
        return background.counters().sweeps() == 0 ? Double.NaN
                : background.counters().sweepNanos() / 1e6 / background.counters().sweeps();
    }

    /** @return CPU milliseconds per second of the window, all components */
    public double backgroundCpuMillisPerSecond() {
        return background.cpu().totalMillis() / seconds();
    }

    double seconds() {
        return background.wall().toNanos() / 1e9;
    }
}
