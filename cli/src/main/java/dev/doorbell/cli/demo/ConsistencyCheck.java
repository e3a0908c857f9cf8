package dev.doorbell.cli.demo;

import dev.doorbell.reconciler.audit.Audit;
import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.AuditSettings;
import dev.doorbell.reconciler.audit.FleetView;
import dev.doorbell.reconciler.audit.UnaskedSled;
import dev.doorbell.reconciler.audit.VmmDifference;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo's end check: {@code doorbell audit}'s {@link Audit} over the whole fleet, held strictly for the
 * VMMs the demo touched (any difference of theirs counts, whatever the grace) and for the sleds (each one
 * not expunged must be asked).
 */
public final class ConsistencyCheck implements AutoCloseable {

    private static final Duration SLED_TIMEOUT = Duration.ofSeconds(10);

    private final ReadApiClient reads;
    private final Audit audit;

    /** @param controlUrl the reconciler's base URL (its read API) */
    public ConsistencyCheck(URI controlUrl) {
        this.reads = new ReadApiClient(controlUrl);
        this.audit = new Audit(FleetView.over(reads), SledStateCheck.overAnyVersion(new SledAgentClient(SLED_TIMEOUT, SLED_TIMEOUT)),
                Clock.systemUTC(), AuditSettings.DEFAULTS.withGrace(Duration.ZERO));
    }

    /** @return the labelled VMMs that differ and the sleds that could not be asked; empty when the database equals the sleds */
    public List<Mismatch> mismatches(Map<UUID, String> labels) {
        AuditReport report = audit.run();
        List<Mismatch> mismatches = new ArrayList<>();
        for (VmmDifference d : report.differencesOf(labels.keySet())) {
            String sled = d.sledState() == null ? "does not know it" : d.sledState() + " gen " + d.sledGen();
            mismatches.add(new Mismatch(labels.get(d.vmm()), d.vmm(), d.dbState() + " gen " + d.dbGen(), sled));
        }
        for (UnaskedSled s : report.unasked()) {
            if (!"expunged".equals(s.reason())) {
                mismatches.add(new Mismatch("sled", s.sled(), s.unchecked() + " VMMs unchecked", "not asked: " + s.reason()));
            }
        }
        return mismatches;
    }

    @Override
    public void close() {
        reads.close();
    }
}
