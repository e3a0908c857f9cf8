package dev.doorbell.bench.stack;

import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.UnaskedSled;
import dev.doorbell.reconciler.audit.VmmDifference;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Whether the database ended equal to the sleds after a phase, from one run of {@code doorbell audit}'s
 * {@link dev.doorbell.reconciler.audit.Audit} over the whole fleet, held as strictly as the demo and the chaos suite hold
 * it: no grace, so every difference counts (behind, gone or conflict); a VMM on a sled the audit could not ask counts as
 * wrong (it was not seen equal); and a VMM with no database row counts as wrong, the one thing an audit, which starts from
 * the rows, cannot see.
 */
public final class FinalState {

    private final Set<UUID> wrong;
    private final IntFunction<UUID> vmmOf;
    private final long audited;

    private FinalState(Set<UUID> wrong, IntFunction<UUID> vmmOf, long audited) {
        this.wrong = Set.copyOf(wrong);
        this.vmmOf = vmmOf;
        this.audited = audited;
    }

    /**
     * @param report the audit's report
     * @param rows   the VMMs that have a database row
     * @param size   VMMs in the fleet, numbered from 0
     * @param vmmOf  a VMM's id by its number
     * @param sledOf the id of the sled a VMM runs on, by its number
     */
    static FinalState of(AuditReport report, Set<UUID> rows, int size, IntFunction<UUID> vmmOf, IntFunction<UUID> sledOf) {
        Set<UUID> wrong = new HashSet<>();
        report.differences().stream().map(VmmDifference::vmm).forEach(wrong::add);
        Set<UUID> unasked = new HashSet<>();
        report.unasked().stream().map(UnaskedSled::sled).forEach(unasked::add);
        for (int i = 0; i < size; i++) {
            UUID vmm = vmmOf.apply(i);
            if (!rows.contains(vmm) || unasked.contains(sledOf.apply(i))) {
                wrong.add(vmm);
            }
        }
        return new FinalState(wrong, vmmOf, report.checked());
    }

    /** @return how many of the VMMs numbered {@code indexes} the database does not hold as their sled does */
    public long mismatches(Collection<Integer> indexes) {
        return indexes.stream().filter(i -> wrong.contains(vmmOf.apply(i))).count();
    }

    /** @return VMMs the audit compared with their sled (the whole fleet's rows on sleds it could ask) */
    public long audited() {
        return audited;
    }
}
