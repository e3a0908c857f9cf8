package dev.doorbell.reconciler.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What one audit found.
 *
 * @param finishedAt  when it finished
 * @param grace       the grace period it used
 * @param sleds       registered sleds
 * @param checked     VMMs compared with their sled
 * @param inSync      of those, in sync
 * @param differences the rest, diverged ones first, then by age (oldest first)
 * @param unasked     sleds that could not be asked (their VMMs unchecked)
 */
public record AuditReport(Instant finishedAt, Duration grace, int sleds, long checked, long inSync,
                          List<VmmDifference> differences, List<UnaskedSled> unasked) {

    /** Diverged first, then the oldest first, then by VMM id. */
    public static final Comparator<VmmDifference> ORDER = Comparator.comparing((VmmDifference d) -> !d.diverged())
            .thenComparing(d -> d.knownAge().orElse(Duration.ZERO), Comparator.reverseOrder())
            .thenComparing(VmmDifference::vmm);

    public AuditReport {
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(grace, "grace");
        differences = differences.stream().sorted(ORDER).toList();
        unasked = List.copyOf(unasked);
    }

    /** The differences of one kind. */
    public long count(VmmDifference.Kind kind) {
        return differences.stream().filter(d -> d.kind() == kind).count();
    }

    /** VMMs diverged beyond the grace period (conflicts included). */
    public long diverged() {
        return differences.stream().filter(VmmDifference::diverged).count();
    }

    /** VMMs left unchecked because their sled could not be asked. */
    public long unchecked() {
        return unasked.stream().mapToLong(UnaskedSled::unchecked).sum();
    }

    /** Whether nothing diverged beyond the grace period (unasked sleds do not count). */
    public boolean consistent() {
        return diverged() == 0;
    }

    /** Whether every checked VMM is in sync and every sled was asked: the database equals the sleds. */
    public boolean exact() {
        return differences.isEmpty() && unasked.isEmpty();
    }

    /** The differences of the VMMs in {@code vmms} only. */
    public List<VmmDifference> differencesOf(Collection<UUID> vmms) {
        Set<UUID> wanted = Set.copyOf(vmms);
        return differences.stream().filter(d -> wanted.contains(d.vmm())).toList();
    }
}
