package dev.doorbell.bench.stack;

import java.util.Arrays;

/**
 * Latencies of changes seen applied: for each, when it was seen (epoch ms), its latency (ms) and
 * its tag. Immutable; the arrays are parallel.
 */
public record LatencySamples(double[] seenAtEpochMs, double[] millis, int[] tags) {

    public static final LatencySamples EMPTY = new LatencySamples(new double[0], new double[0], new int[0]);

    public LatencySamples {
        if (seenAtEpochMs.length != millis.length || millis.length != tags.length) {
            throw new IllegalArgumentException("parallel arrays differ in length");
        }
        seenAtEpochMs = seenAtEpochMs.clone();
        millis = millis.clone();
        tags = tags.clone();
    }

    /** Plain latencies (seen now, tag 0): for figures computed elsewhere. */
    public static LatencySamples of(double... millis) {
        double[] now = new double[millis.length];
        Arrays.fill(now, System.currentTimeMillis());
        return new LatencySamples(now, millis, new int[millis.length]);
    }

    public int count() {
        return millis.length;
    }

    /** @return the samples whose tag is {@code tag} */
    public LatencySamples withTag(int tag) {
        int n = (int) Arrays.stream(tags).filter(t -> t == tag).count();
        double[] at = new double[n];
        double[] ms = new double[n];
        int j = 0;
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] == tag) {
                at[j] = seenAtEpochMs[i];
                ms[j++] = millis[i];
            }
        }
        int[] t = new int[n];
        Arrays.fill(t, tag);
        return new LatencySamples(at, ms, t);
    }

    /** @return the latencies, ascending */
    public double[] sortedMillis() {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** Collects samples from one thread for another. Thread-safe. */
    static final class Builder {
        private double[] at = new double[1024];
        private double[] ms = new double[1024];
        private int[] tag = new int[1024];
        private int size;

        synchronized void add(double seenAtEpochMs, double millis, int t) {
            if (size == ms.length) {
                at = Arrays.copyOf(at, size * 2);
                ms = Arrays.copyOf(ms, size * 2);
                tag = Arrays.copyOf(tag, size * 2);
            }
            at[size] = seenAtEpochMs;
            ms[size] = millis;
            tag[size++] = t;
        }

        synchronized LatencySamples drain() {
            LatencySamples out = new LatencySamples(Arrays.copyOf(at, size), Arrays.copyOf(ms, size), Arrays.copyOf(tag, size));
            size = 0;
            return out;
        }
    }
}
