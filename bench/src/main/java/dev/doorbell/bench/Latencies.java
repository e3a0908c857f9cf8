package dev.doorbell.bench;

import java.util.Arrays;

/** Collected latencies in microseconds and their percentiles. Thread-safe. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code q}-quantile (0..1) in milliseconds, or NaN when empty. */
    synchronized double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
        return sorted[index] / 1000.0;
    }
}
