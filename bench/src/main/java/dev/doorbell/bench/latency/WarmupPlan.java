package dev.doorbell.bench.latency;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The untimed warm-up of each mode: a slice at every rate of the run, lowest first, so every measured
 * phase finds its mode's code compiled at its own rate (a path taken often only at high rates, such as
 * batching, is compiled too). The slices share the warm-up time: each lasts {@code total / rates},
 * but at least {@link #MIN_SLICE} (or {@code total}, if shorter), so the time per mode stays about
 * {@code total} unless there are many rates.
 *
 * @param rates the run's rates
 * @param total the warm-up time per mode ({@code --warmup}); zero: no warm-up
 */
public record WarmupPlan(List<Integer> rates, Duration total) {

    /** The shortest slice, unless the whole warm-up is shorter. */
    public static final Duration MIN_SLICE = Duration.ofSeconds(1);

    /** One stretch of warm-up churn. */
    public record Slice(int rate, Duration length) {}

    public WarmupPlan {
        rates = rates.stream().sorted().distinct().toList();
        if (rates.isEmpty() || total.isNegative()) {
            throw new IllegalArgumentException("at least one rate and a warm-up that is not negative");
        }
    }

    /** @return the slices each mode runs, lowest rate first; none without warm-up */
    public List<Slice> slices() {
        if (total.isZero()) {
            return List.of();
        }
        Duration floor = total.compareTo(MIN_SLICE) < 0 ? total : MIN_SLICE;
        Duration share = total.dividedBy(rates.size());
        Duration length = share.compareTo(floor) < 0 ? floor : share;
        return rates.stream().map(r -> new Slice(r, length)).toList();
    }

    /** @return the warm-up as a report states it (before the mode order) */
    public String describe() {
        List<Slice> slices = slices();
        if (slices.isEmpty()) {
            return "none";
        }
        Duration perMode = slices.getFirst().length().multipliedBy(slices.size());
        return String.format(Locale.ROOT, "%.1f s per mode, %.1f s at each rate of the run (%s changes/s, lowest first)",
                perMode.toMillis() / 1000.0, slices.getFirst().length().toMillis() / 1000.0,
                String.join(", ", rates.stream().map(String::valueOf).toList()));
    }
}
