package dev.doorbell.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Joins what the tap and the watcher saw into one line per VMM state change (the first observation
 * of each generation), sorted by when the sled made the change.
 */
public final class Timeline {

    /** A ring this much before the sled's change still counts as its ring (µs truncation of {@code rung-at}). */
    private static final Duration SLACK = Duration.ofMillis(1);

    private final List<TimelineEntry> entries;

    private Timeline(List<TimelineEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param labels       VMM → what to call it; observations of other VMMs are left out
     * @param rings        doorbells as read from {@code vmm.doorbells}
     * @param observations states as read from {@code vmm.states}
     * @param applied      when the database first showed each generation
     */
    public static Timeline of(Map<UUID, String> labels, List<Ring> rings, List<Observed> observations, Map<VmmGen, Instant> applied) {
        Map<VmmGen, Observed> first = new LinkedHashMap<>();
        for (Observed o : observations) {
            if (labels.containsKey(o.vmm())) {
                first.putIfAbsent(new VmmGen(o.vmm(), o.gen()), o);
            }
        }
        Map<UUID, List<Ring>> ringsByVmm = new HashMap<>();
        rings.forEach(r -> ringsByVmm.computeIfAbsent(r.vmm(), k -> new ArrayList<>()).add(r));
        List<TimelineEntry> entries = new ArrayList<>();
        first.forEach((key, o) -> {
            Instant rungAt = o.fetched() ? ringFor(o, ringsByVmm.getOrDefault(o.vmm(), List.of())).orElse(o.firstRungAt()) : null;
            entries.add(new TimelineEntry(labels.get(o.vmm()), o.vmm(), o.state(), o.gen(), o.changedAt(), rungAt, o.observedAt(),
                    applied.get(key), o.fetched(), o.rings()));
        });
        entries.sort(Comparator.comparing(TimelineEntry::changedAt).thenComparing(TimelineEntry::gen));
        return new Timeline(entries);
    }

    /** The first sled ring at or after the change and no later than the fetch. */
    private static Optional<Instant> ringFor(Observed o, List<Ring> rings) {
        return rings.stream()
                .filter(r -> !"watcher".equals(r.source()))
                .map(Ring::rungAt)
                .filter(t -> !t.isBefore(o.changedAt().minus(SLACK)) && !t.isAfter(o.observedAt()))
                .min(Comparator.naturalOrder());
    }

    public List<TimelineEntry> entries() {
        return entries;
    }

    /** Prints the table and, for the doorbell path, each hop's median and maximum. */
    public void print(PrintWriter out) {
        Instant origin = entries.isEmpty() ? Instant.EPOCH : entries.getFirst().changedAt();
        out.printf("%8s  %-10s %-8s %-10s %3s  %-42s %6s %6s %6s %6s%n", "t ms", "instance", "vmm", "state", "gen",
                "path", "→ring", "→fetch", "→apply", "total");
        for (TimelineEntry e : entries) {
            String path = e.fetched() ? "sled change → ring → fetch → applied" + (e.rings() > 1 ? " (" + e.rings() + " rings)" : "")
                    : "sled change → control response → applied";
            out.printf("%8d  %-10s %-8s %-10s %3d  %-42s %6s %6s %6s %6s%n", Duration.between(origin, e.changedAt()).toMillis(),
                    e.label(), e.vmm().toString().substring(0, 8), e.state(), e.gen(), path,
                    ms(e.fetched() ? e.changeToRing() : Optional.empty()),
                    ms(e.fetched() ? e.ringToFetch() : e.changeToFetch()), ms(e.fetchToApplied()), ms(e.total()));
        }
        List<TimelineEntry> doorbell = entries.stream().filter(TimelineEntry::fetched).toList();
        if (!doorbell.isEmpty()) {
            out.printf("doorbell path, %d changes: change→ring %s, ring→fetch %s, fetch→applied %s, total %s (median / max ms)%n",
                    doorbell.size(), summary(doorbell, TimelineEntry::changeToRing), summary(doorbell, TimelineEntry::ringToFetch),
                    summary(doorbell, TimelineEntry::fetchToApplied), summary(doorbell, TimelineEntry::total));
        }
    }

    private static String summary(List<TimelineEntry> entries, Function<TimelineEntry, Optional<Duration>> hop) {
        List<Long> values = entries.stream().map(hop).flatMap(Optional::stream).map(Duration::toMillis).sorted().toList();
        return values.isEmpty() ? "-" : values.get((values.size() - 1) / 2) + " / " + values.getLast();
    }

    private static String ms(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%d", x.toMillis())).orElse("-");
    }
}
