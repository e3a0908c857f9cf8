package dev.doorbell.reconciler.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link AuditReport} as text: one summary line, then one line per sled that could not be asked and
 * per difference (diverged first), at most {@code maxLines} of them and a last line saying how many were
 * left out.
 */
public final class AuditText {

    private AuditText() {}

    /** The report's lines. */
    public static List<String> lines(AuditReport report, int maxLines) {
        List<String> details = new ArrayList<>();
        report.unasked().forEach(s -> details.add(String.format(Locale.ROOT, "UNREACHABLE sled %s%s: %s (%d VMMs unchecked)",
                s.sled(), s.address() == null ? "" : " at " + s.address(), s.reason(), s.unchecked())));
        report.differences().forEach(d -> details.add(line(d)));
        List<String> lines = new ArrayList<>();
        lines.add(summary(report));
        lines.addAll(details.subList(0, Math.min(maxLines, details.size())));
        if (details.size() > maxLines) {
            lines.add(String.format(Locale.ROOT, "... %d more lines omitted (--max-lines %d)", details.size() - maxLines, maxLines));
        }
        return lines;
    }

    /** The one-line summary. */
    public static String summary(AuditReport report) {
        return String.format(Locale.ROOT,
                "audit: %s: %d VMMs checked on %d sleds, %d in sync, %d behind, %d gone, %d in conflict; "
                        + "%d diverged beyond the %s grace; %d sleds unreachable (%d VMMs unchecked)",
                report.consistent() ? "consistent" : "DIVERGED", report.checked(), report.sleds(), report.inSync(),
                report.count(VmmDifference.Kind.BEHIND), report.count(VmmDifference.Kind.GONE),
                report.count(VmmDifference.Kind.CONFLICT), report.diverged(), seconds(report.grace()), report.unasked().size(),
                report.unchecked());
    }

    /** One difference: verdict, kind, VMM, sled, the database's and the sled's state and generation, and for how long. */
    public static String line(VmmDifference d) {
        String sled = d.sledState() == null ? "sled does not know it" : "sled " + d.sledState() + " gen " + d.sledGen();
        String age = switch (d.kind()) {
            case BEHIND -> "behind for " + d.knownAge().map(AuditText::seconds).orElse("?");
            case GONE -> "last observed " + d.knownAge().map(a -> seconds(a) + " ago").orElse("never");
            case CONFLICT -> "database ahead of the sled";
        };
        return String.format(Locale.ROOT, "%-8s %-8s vmm %s  sled %s  database %s gen %d  %s  %s",
                d.diverged() ? "DIVERGED" : "pending", d.kind().label(), d.vmm(), d.sled(), d.dbState(), d.dbGen(), sled, age);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
