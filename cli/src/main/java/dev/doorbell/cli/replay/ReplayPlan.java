package dev.doorbell.cli.replay;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What one {@code doorbell replay} reads, validated once: every combination that reaches a {@link Replayer}
 * makes sense. Invalid input throws {@link IllegalArgumentException} with one readable sentence.
 *
 * @param topics the topics read: exactly one, or with {@code merge} two or more whose records are interleaved
 *     in time order
 * @param vmm only records keyed by this VMM, read from the one partition its key hashes to
 * @param from where to start (inclusive); empty: the beginning of each partition
 * @param to where to stop (exclusive); empty: the end each partition had when the replay started
 * @param follow keep reading new records until stopped (then {@code to} must be empty)
 * @param merge interleave {@code topics} by record timestamp (needs {@code vmm}, and times rather than offsets)
 * @param limit print at most this many records
 */
public record ReplayPlan(List<String> topics, Optional<UUID> vmm, Optional<Position> from, Optional<Position> to,
                         boolean follow, boolean merge, OptionalLong limit) {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public ReplayPlan {
        topics = List.copyOf(topics);
        Objects.requireNonNull(vmm, "vmm");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(limit, "limit");
        requireTopics(topics, merge);
        if (merge) {
            requireMergeable(topics, vmm, from, to);
        }
        if (follow && to.isPresent()) {
            throw new IllegalArgumentException("--follow and --to exclude each other");
        }
        if (limit.isPresent() && limit.getAsLong() <= 0) {
            throw new IllegalArgumentException("--limit must be positive");
        }
        requireRange(from, to);
    }

    /** One or more distinct, non-blank topics; more than one only with {@code --merge}. */
    private static void requireTopics(List<String> topics, boolean merge) {
        if (topics.isEmpty() || topics.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--topic must name a topic");
        }
        if (topics.stream().distinct().count() != topics.size()) {
            throw new IllegalArgumentException("--topic names the same topic twice");
        }
        if (!merge && topics.size() > 1) {
            throw new IllegalArgumentException("--topic may be given more than once only with --merge");
        }
    }

    /** What {@code --merge} needs: one VMM, two or more topics, and times rather than offsets. */
    private static void requireMergeable(List<String> topics, Optional<UUID> vmm, Optional<Position> from,
                                         Optional<Position> to) {
        if (vmm.isEmpty()) {
            throw new IllegalArgumentException("--merge needs --vmm: it interleaves one VMM's records");
        }
        if (topics.size() < 2) {
            throw new IllegalArgumentException("--merge needs at least two topics");
        }
        if (from.orElse(null) instanceof Position.AtOffset || to.orElse(null) instanceof Position.AtOffset) {
            throw new IllegalArgumentException("--merge reads several topics: give --from/--to as times, not partition:offset");
        }
    }

    /** {@code --from} and {@code --to} of the same kind agree: one partition, and time not running backwards. */
    private static void requireRange(Optional<Position> from, Optional<Position> to) {
        if (from.orElse(null) instanceof Position.AtOffset f && to.orElse(null) instanceof Position.AtOffset t
                && f.partition() != t.partition()) {
            throw new IllegalArgumentException("--from and --to name different partitions (" + f.partition() + " and "
                    + t.partition() + ")");
        }
        if (from.orElse(null) instanceof Position.AtTime f && to.orElse(null) instanceof Position.AtTime t
                && t.instant().isBefore(f.instant())) {
            throw new IllegalArgumentException("--to (" + t.instant() + ") is before --from (" + f.instant() + ")");
        }
    }

    /**
     * Builds a plan from command-line text; {@code null} means "not given".
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public static ReplayPlan parse(List<String> topics, String vmm, String from, String to, boolean follow, boolean merge,
                                   Long limit) {
        return new ReplayPlan(topics,
                Optional.ofNullable(vmm).map(ReplayPlan::parseVmm),
                Optional.ofNullable(from).map(text -> Position.parse("--from", text)),
                Optional.ofNullable(to).map(text -> Position.parse("--to", text)),
                follow, merge,
                limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }

    /** A VMM id in canonical 8-4-4-4-12 form ({@link UUID#fromString} also takes odd forms like {@code 1-2-3-4-5}). */
    static UUID parseVmm(String text) {
        String t = text.strip();
        if (!CANONICAL_UUID.matcher(t).matches()) {
            throw new IllegalArgumentException("--vmm: '" + text + "' is not a UUID (e.g. 0b7e5a52-3c1d-4d2e-9f60-1a2b3c4d5e6f)");
        }
        return UUID.fromString(t.toLowerCase(Locale.ROOT));
    }

    /** The partition named by {@code --from} or {@code --to}, if either is {@code partition:offset}. */
    public Optional<Integer> namedPartition() {
        if (from.orElse(null) instanceof Position.AtOffset f) {
            return Optional.of(f.partition());
        }
        if (to.orElse(null) instanceof Position.AtOffset t) {
            return Optional.of(t.partition());
        }
        return Optional.empty();
    }
}
