package dev.doorbell.bench.stack;

import java.util.Arrays;
import java.util.List;

/**
 * A phase's latencies split by whether the change was made during a sweep window
 * ({@link SweepWindows}): its time is when it was seen applied minus its latency.
 *
 * @param during  latencies (ms) of changes made during a sweep window, ascending
 * @param outside the others, ascending
 */
public record SweepSplit(double[] during, double[] outside) {

    public static SweepSplit of(LatencySamples samples, List<SweepWindows.Window> windows) {
        double[] at = samples.seenAtEpochMs();
        double[] ms = samples.millis();
        double[] in = new double[ms.length];
        double[] out = new double[ms.length];
        int i = 0;
        int o = 0;
        for (int k = 0; k < ms.length; k++) {
            if (SweepWindows.during(windows, at[k] - ms[k])) {
                in[i++] = ms[k];
            } else {
                out[o++] = ms[k];
            }
        }
        double[] during = Arrays.copyOf(in, i);
        double[] outside = Arrays.copyOf(out, o);
        Arrays.sort(during);
        Arrays.sort(outside);
        return new SweepSplit(during, outside);
    }
}
