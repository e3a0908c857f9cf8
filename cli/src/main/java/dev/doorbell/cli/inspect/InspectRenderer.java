package dev.doorbell.cli.inspect;

import dev.doorbell.cli.replay.ReplayedRecord;
import dev.doorbell.cli.replay.TableRenderer;
import dev.doorbell.fetcher.PendingFetchView;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An {@link Inspection} and its {@link Verdict} as aligned lines, a label column then the view, e.g.
 * <pre>
 * VMM       0b7e5a52-3c1d-4d2e-9f60-1a2b3c4d5e6f, inspected at 2026-12-05T18:20:00.123Z
 * database  running gen 7, state updated 2026-12-05T18:19:58.100Z, last observed 2026-12-05T18:19:58.140Z (fetch)
 *           instance 1c2d… running, sled 5c3d…
 * sled      running gen 7, updated 2026-12-05T18:19:58.100Z (sled 5c3d… active at http://127.0.0.1:41234, api 2.0.0)
 * states    vmm.states 2:1500 at 2026-12-05T18:19:58.131Z: fetch api 2.0.0 sled 5c3d…, 1 ring: running gen 7
 * rings     vmm.doorbells partition 2, the newest 2 of this VMM:
 *           2:1497 at 2026-12-05T18:19:58.120Z [source=sled sled-id=5c3d… rung-at=… rings=1]
 * fetcher   nothing pending (http://127.0.0.1:8091 hosts the VMM)
 * verdict   IN SYNC: the database has the sled's running gen 7
 * </pre>
 */
public final class InspectRenderer {

    private static final String INDENT = " ".repeat(10);

    private InspectRenderer() {}

    public static List<String> render(Inspection inspection, Verdict verdict) {
        List<String> lines = new ArrayList<>();
        lines.add(line("VMM", inspection.vmm() + ", inspected at " + inspection.at()));
        database(lines, inspection.database());
        lines.add(line("sled", sled(inspection.sled())));
        topics(lines, inspection.topics());
        lines.add(line("fetcher", pending(inspection.pending())));
        lines.add(line("verdict", verdict.kind().label().toUpperCase(Locale.ROOT) + ": " + verdict.reason()));
        return lines;
    }

    private static String line(String label, String text) {
        return String.format(Locale.ROOT, "%-10s%s", label, text);
    }

    private static void database(List<String> lines, DatabaseView database) {
        VmmView row = database.vmm();
        StringBuilder first = new StringBuilder().append(row.state()).append(" gen ").append(row.gen())
                .append(", state updated ").append(row.timeStateUpdated());
        if (row.lastObservedAt() != null) {
            first.append(", last observed ").append(row.lastObservedAt());
        }
        if (row.lastSource() != null) {
            first.append(" (").append(row.lastSource()).append(')');
        }
        lines.add(line("database", first.toString()));
        StringBuilder second = new StringBuilder();
        second.append(row.instanceId() == null ? "no instance" : "instance " + row.instanceId()
                + database.instanceState().map(s -> " " + s).orElse(""));
        second.append(", sled ").append(row.sledId() == null ? "none" : row.sledId());
        if (row.failureReason() != null) {
            second.append(", reason ").append(row.failureReason());
            if (row.failureDetail() != null) {
                second.append(" (").append(row.failureDetail()).append(')');
            }
        }
        lines.add(INDENT + second);
    }

    private static String sled(SledAnswer answer) {
        return switch (answer) {
            case SledAnswer.Holds h -> state(h.state().vmmState()) + " (sled " + h.sled().id() + " " + h.sled().state() + " at "
                    + h.sled().address() + ", api " + h.version() + ")";
            case SledAnswer.NoSuchVmm n -> "NO_SUCH_INSTANCE: the sled does not hold the VMM (sled " + n.sled().id() + " at "
                    + n.sled().address() + ")";
            case SledAnswer.NoAnswer n -> "no answer: " + n.reason();
        };
    }

    private static String state(VmmRuntimeState s) {
        return s.state().wireName() + " gen " + s.gen() + ", updated " + s.timeUpdated()
                + (s.failureReason() == null ? "" : ", reason " + s.failureReason());
    }

    private static void topics(List<String> lines, TopicsView topics) {
        switch (topics) {
            case TopicsView.Unreadable u -> {
                lines.add(line("states", "not read: " + u.reason()));
                lines.add(line("rings", "not read"));
            }
            case TopicsView.Read r -> {
                lines.add(line("states", r.newestObservation().map(InspectRenderer::observation)
                        .orElse("no observation of this VMM in " + r.statesTopic() + " partition " + r.statesPartition()
                                + " (the newest " + r.scanned() + " records read)")));
                lines.add(line("rings", r.rings().isEmpty()
                        ? "no ring of this VMM in " + r.doorbellsTopic() + " partition " + r.doorbellsPartition()
                        : r.doorbellsTopic() + " partition " + r.doorbellsPartition() + ", the newest " + r.rings().size()
                                + " of this VMM:"));
                r.rings().forEach(ring -> lines.add(INDENT + where(ring) + " " + headers(ring)));
            }
        }
    }

    private static String observation(ReplayedRecord record) {
        return record.topic() + " " + where(record) + ": " + TableRenderer.value(record.value());
    }

    private static String where(ReplayedRecord record) {
        return record.partition() + ":" + record.offset() + " at " + record.timestamp();
    }

    private static String headers(ReplayedRecord record) {
        return record.headers().stream()
                .map(h -> h.name() + "=" + ("rung-at".equals(h.name()) ? micros(h.value()) : h.value()))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private static String micros(String text) {
        try {
            return Instant.EPOCH.plusNanos(Math.multiplyExact(Long.parseLong(text), 1000L)).toString();
        } catch (NumberFormatException | ArithmeticException e) {
            return String.valueOf(text);
        }
    }

    private static String pending(PendingView pending) {
        return switch (pending) {
            case PendingView.NotAsked n -> "not asked (give --fetcher-url to ask the state fetchers)";
            case PendingView.NothingPending n -> "nothing pending (" + n.fetcherUrl() + " hosts the VMM)";
            case PendingView.Entry e -> entry(e.fetch()) + " (" + e.fetcherUrl() + ")";
            case PendingView.Unknown u -> "unknown: " + String.join("; ", u.reasons());
        };
    }

    private static String entry(PendingFetchView f) {
        if (!f.pending()) {
            return "nothing pending (cooling until " + f.dueAt() + (f.lastStartAt() == null ? "" : ", last fetch started " + f.lastStartAt())
                    + ")";
        }
        StringBuilder s = new StringBuilder("pending: ").append(f.phase()).append(", due ").append(f.dueAt());
        if (f.pendingRings() > 0) {
            s.append(", ").append(f.pendingRings()).append(" rings pending");
        }
        if (f.inFlightRings() > 0) {
            s.append(", ").append(f.inFlightRings()).append(" in flight");
        }
        if (f.lastStartAt() != null) {
            s.append(", last fetch started ").append(f.lastStartAt());
        }
        if (f.failures() != null) {
            s.append(", ").append(f.failures()).append(" failed since ").append(f.firstFailureAt());
        }
        if (f.awaitingDirectorySince() != null) {
            s.append(", placement or sled address unknown since ").append(f.awaitingDirectorySince());
        }
        if (f.origin() != null) {
            s.append(", first ring ").append(f.origin());
        }
        return s.toString();
    }
}
