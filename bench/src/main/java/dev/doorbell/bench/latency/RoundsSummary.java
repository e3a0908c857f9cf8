package dev.doorbell.bench.latency;

import dev.doorbell.bench.report.Table;
import dev.doorbell.bench.stack.DeliveryMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spread of repeated phases ({@code bench latency --rounds}): per mode and rate, in the order they
 * first ran, the median of each round's p50, p99 and CPU per change, and every round's p99. On a shared
 * machine one phase's p99 can be several times the next one's, so a comparison of medians over
 * interleaved rounds says more than any single phase.
 */
public final class RoundsSummary {

    /** The table's key in results.json. */
    public static final String KEY = "rounds";

    /** One phase's figures. */
    public record Figures(DeliveryMode mode, int rate, double p50, double p99, double cpuPerChange) {}

    private RoundsSummary() {}

    /** @return one row per (mode, rate) of {@code phases}, in the order each pair first ran */
    public static Table table(List<Figures> phases) {
        Map<String, List<Figures>> byPair = new LinkedHashMap<>();
        phases.forEach(p -> byPair.computeIfAbsent(p.mode().wireName() + "@" + p.rate(), k -> new ArrayList<>()).add(p));
        List<List<Object>> rows = new ArrayList<>();
        for (List<Figures> rounds : byPair.values()) {
            Figures first = rounds.getFirst();
            rows.add(List.of(first.mode().wireName(), first.rate(), rounds.size(),
                    median(rounds.stream().mapToDouble(Figures::p50).toArray()),
                    median(rounds.stream().mapToDouble(Figures::p99).toArray()),
                    rounds.stream().map(f -> String.format(Locale.ROOT, "%.1f", f.p99())).collect(Collectors.joining(", ")),
                    median(rounds.stream().mapToDouble(Figures::cpuPerChange).toArray())));
        }
        return new Table(KEY, "Rounds: median per mode and rate over the interleaved rounds",
                List.of("mode", "changes/s", "rounds", "p50 ms (median)", "p99 ms (median)", "p99 ms (each round, in run order)",
                        "CPU ms / change (median)"), rows);
    }

    /** @return the median of {@code values} (the mean of the middle two for an even count), NaN if there are none */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
