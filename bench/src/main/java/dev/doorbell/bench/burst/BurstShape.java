package dev.doorbell.bench.burst;

import java.time.Duration;
import java.util.Locale;

/**
 * One kind of burst: each bursting VMM changes state {@code changes} times, evenly spread over {@code span}.
 *
 * @param changes state changes per VMM, k
 * @param span    the time they are spread over, t
 */
public record BurstShape(int changes, Duration span) {

    public BurstShape {
        if (changes < 1 || span.isNegative()) {
            throw new IllegalArgumentException("a burst needs at least one change and a span >= 0");
        }
    }

    /** Parses {@code k:t}, t in ms (e.g. {@code 20:500}). */
    public static BurstShape parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a burst is k:t (changes per VMM : span in ms), e.g. 20:500; got '" + text + "'");
        }
        return new BurstShape(Integer.parseInt(parts[0].trim()), Duration.ofMillis(Long.parseLong(parts[1].trim())));
    }

    /** @return the fetch bound of the work queue for a burst lasting {@code span}: 2 + span / interval */
    public static double bound(Duration span, Duration minRefetchInterval) {
        return 2 + (double) span.toNanos() / minRefetchInterval.toNanos();
    }

    /**
     * @return the fetch bound of a burst lasting {@code span} whose rings come less than {@code max} apart, when
     *     re-fetches are spaced from {@code min} doubling to {@code max}: 2 + d + span / max, d the spacings shorter
     *     than {@code max} (the number of doublings from {@code min} to {@code max}, 0 for a fixed spacing)
     */
    public static double closeBound(Duration span, Duration min, Duration max) {
        int shorter = 0;
        for (long spacing = min.toNanos(); spacing < max.toNanos(); spacing *= 2) {
            shorter++;
            if (spacing == 0) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return 2 + shorter + (double) span.toNanos() / max.toNanos();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "k=%d t=%d ms", changes, span.toMillis());
    }
}
