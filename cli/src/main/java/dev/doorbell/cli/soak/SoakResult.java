package dev.doorbell.cli.soak;

import dev.doorbell.reconciler.audit.AuditReport;
import java.util.List;

/**
 * What a soak measured: the samples, the kills, the fleet's notices (deaths and restarts) and the audit at the end.
 *
 * @param lost VMMs the final audit found diverged beyond its grace period
 */
public record SoakResult(SoakSettings settings, List<SoakSample> samples, List<Kill> kills, List<String> notices, AuditReport audit,
                         long lost) {

    public SoakResult {
        samples = List.copyOf(samples);
        kills = List.copyOf(kills);
        notices = List.copyOf(notices);
    }
}
