package dev.doorbell.bench.stack;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU nanoseconds of the bench JVM's measured threads, per {@link Name} (a component's group and a
 * thread name with its numbers collapsed, so a pool's threads, or a thread replaced by another of the
 * same kind, add up): totals at an instant or the difference between two.
 */
public record ThreadCpu(Map<Name, Long> nanos) {

    public static final ThreadCpu EMPTY = new ThreadCpu(Map.of());

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HEX_ID = Pattern.compile("(?<=-)(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8}(?=-|$)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** A kind of thread: its component's group and its collapsed name ({@link #collapse}). */
    public record Name(Component component, String thread) implements Comparable<Name> {
        @Override
        public int compareTo(Name o) {
            int c = component.compareTo(o.component);
            return c != 0 ? c : thread.compareTo(o.thread);
        }
    }

    /** A kind of thread and its CPU time. */
    public record Entry(Name name, long nanos) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    public ThreadCpu {
        nanos = Map.copyOf(nanos);
    }

    /**
     * @return {@code thread} with each UUID and 8-hex-digit id (a stack's suffix) as {@code *} and each
     *     run of digits as {@code #}: {@code bench-fetcher-bench-1a2b3c4d-<uuid>-StreamThread-1} becomes
     *     {@code bench-fetcher-bench-*-*-StreamThread-#}
     */
    public static String collapse(String thread) {
        String s = UUID.matcher(thread).replaceAll("*");
        s = HEX_ID.matcher(s).replaceAll("*");
        return DIGITS.matcher(s).replaceAll("#");
    }

    /** @return this minus {@code earlier}, per name; a name whose total went down (cannot happen with one sampler) counts 0 */
    public ThreadCpu minus(ThreadCpu earlier) {
        Map<Name, Long> out = new HashMap<>();
        nanos.forEach((name, v) -> out.put(name, Math.max(0, v - earlier.nanos.getOrDefault(name, 0L))));
        return new ThreadCpu(out);
    }

    /** @return the {@code n} names with the most CPU time, most first (ties by name), leaving out those with none */
    public List<Entry> top(int n) {
        return nanos.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<Name, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> new Entry(e.getKey(), e.getValue())).toList();
    }
}
