package dev.doorbell.bench.latency;

import java.util.Arrays;
import java.util.Objects;

/**
 * One (mode, rate) phase of the latency benchmark.
 *
 * @param mode       how changes reached the database
 * @param rate       state changes per second offered
 * @param offered    state changes made during the phase
 * @param latencyMillis time_updated → first seen applied, one per measured change, sorted ascending
 * @param unmeasured changes never seen applied within the drain timeout
 */
public record LatencyResult(LatencyMode mode, int rate, long offered, double[] latencyMillis, long unmeasured) {

    public LatencyResult {
        Objects.requireNonNull(mode, "mode");
        latencyMillis = latencyMillis.clone();
        Arrays.sort(latencyMillis);
    }

    public int measured() {
        return latencyMillis.length;
    }

    /** @return the nearest-rank quantile {@code q} (0..1) in ms, NaN when nothing was measured */
    public double quantile(double q) {
        if (latencyMillis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencyMillis.length);
        return latencyMillis[Math.min(latencyMillis.length - 1, Math.max(0, rank - 1))];
    }

    public double max() {
        return latencyMillis.length == 0 ? Double.NaN : latencyMillis[latencyMillis.length - 1];
    }
}
