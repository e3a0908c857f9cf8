package dev.doorbell.bench.scale;

import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.StoreSizes;

/**
 * What holding one fleet size costs.
 *
 * @param vmms              VMMs in the fleet
 * @param background        the stack's cost over a window with sweeps and no changes
 * @param stores            the fetcher's store sizes after that window
 * @param heapAfterGcBytes  the bench JVM's heap in use after a full collection
 * @param maxSustainedRate  the highest rate whose phase passed (0: none did)
 * @param reachedCeiling    whether the search stopped at its highest allowed rate while still passing
 * @param cpuMsPerChangeAtMax CPU milliseconds per change, all components, in the phase at {@code maxSustainedRate}
 * @param sweepP99RatioAtMax  in that phase, p99 of changes made during sweeps over p99 of the others (NaN: not both seen)
 */
public record ScaleStep(int vmms, PhaseCost background, StoreSizes stores, long heapAfterGcBytes, int maxSustainedRate,
                        boolean reachedCeiling, double cpuMsPerChangeAtMax, double sweepP99RatioAtMax) {

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
