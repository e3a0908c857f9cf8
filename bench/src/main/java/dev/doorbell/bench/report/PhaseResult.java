package dev.doorbell.bench.report;

import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.LatencySamples;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.StageLatency;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One measured phase of a scenario: a mode, a load, its latencies (the bench's, seen by polling the database, and the
 * pipeline's own stage histograms), its cost and whether the database ended equal to the sleds.
 *
 * @param mode          how changes reached the database
 * @param label         the phase within its mode (a rate, a burst shape, a sled version, ...): its plot series name
 * @param rate          state changes per second offered
 * @param made          state changes made
 * @param samples       latencies of the changes seen applied
 * @param notSeen       changes never seen applied within the drain timeout
 * @param checked       VMMs whose final state was compared between database and sled
 * @param mismatches    of those, how many differed
 * @param cost          CPU per component and pipeline counters over the phase (drain included)
 * @param startEpochMs  when the phase started (the origin of its latency-over-time plot)
 * @param extra         scenario-specific figures, in column order
 * @param stageLatency the fetcher's ring → emitted and the reconciler's change → commit and ring → commit histograms over the phase
 *                      ({@link StageLatency#NONE} where they cannot be told apart, e.g. a share of a phase)
 */
public record PhaseResult(DeliveryMode mode, String label, double rate, long made, LatencySamples samples, long notSeen,
                          long checked, long mismatches, PhaseCost cost, long startEpochMs, Map<String, Object> extra,
                          StageLatency stageLatency) {

    public PhaseResult {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(stageLatency, "stageLatency");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return this phase with {@code more} added to its extra figures, after those it has */
    public PhaseResult withExtra(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(extra);
        all.putAll(more);
        return new PhaseResult(mode, label, rate, made, samples, notSeen, checked, mismatches, cost, startEpochMs, all, stageLatency);
    }

    /** @return changes seen applied */
    public long measured() {
        return samples.count();
    }

    /** @return the nearest-rank quantile {@code q} (0..1) in ms, NaN when nothing was measured */
    public double quantile(double q) {
        return quantile(samples.sortedMillis(), q);
    }

    /** @return the nearest-rank quantile {@code q} of ascending {@code sorted}, NaN if empty */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    public double max() {
        return quantile(1.0);
    }

    /** @return VMM fetches the fetcher started, per change made */
    public double fetchesPerChange() {
        return PhaseCost.perChange(cost.counters().fetches(), made);
    }

    /** @return state requests the sleds answered (single GETs and batches), per change made */
    public double sledGetsPerChange() {
        return PhaseCost.perChange(cost.counters().sled().total(), made);
    }

    /** @return CPU milliseconds of {@code component} per change made */
    public double cpuPerChange(Component component) {
        return cost.cpuMillisPerChange(component, made);
    }

    /** @return CPU milliseconds of every measured component together, per change made (NaN if no CPU was measured) */
    public double cpuTotalPerChange() {
        return cost.cpu().nanos().isEmpty() ? Double.NaN : PhaseCost.perChange(cost.cpu().totalMillis(), made);
    }
}
