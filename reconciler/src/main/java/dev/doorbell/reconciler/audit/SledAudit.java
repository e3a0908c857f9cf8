package dev.doorbell.reconciler.audit;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.read.Page;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The audit of one sled: its VMMs read page by page from the database, each page asked of the
 * sled in one bulk request right after it was read (so the sled's answer is never older than the
 * row) and compared by {@link VmmComparison}. A VMM that looks gone or in conflict is read again after
 * the sled answered (its page once more; {@code GET /v1/vmms/{id}} if the page no longer holds it), so a
 * change applied in between (a VMM that ended and was forgotten) is not reported. Once the sled cannot be asked, the rest of its VMMs
 * are counted unchecked. Not thread-safe: one per sled.
 */
final class SledAudit {

    /** What one sled's audit found. */
    record Result(long checked, long inSync, List<VmmDifference> differences, Optional<UnaskedSled> unasked) {}

    private final FleetView fleet;
    private final SledStateCheck sleds;
    private final Clock clock;
    private final AuditSettings settings;
    private final List<VmmDifference> differences = new ArrayList<>();
    private long checked;
    private long unchecked;
    private String failure;

    SledAudit(FleetView fleet, SledStateCheck sleds, Clock clock, AuditSettings settings) {
        this.fleet = fleet;
        this.sleds = sleds;
        this.clock = clock;
        this.settings = settings;
    }

    Result run(SledView sled) {
        AuditedSled target = AuditedSled.of(sled);
        failure = target.reason();
        String token = null;
        do {
            String pageToken = token;
            Page<VmmView> page = fleet.vmms(sled.id(), pageToken, settings.pageSize());
            token = page.nextPageToken();
            if (!page.items().isEmpty()) {
                check(target, page.items(), () -> fleet.vmms(sled.id(), pageToken, settings.pageSize()).items());
            }
        } while (token != null);
        Optional<UnaskedSled> unasked = failure == null ? Optional.empty()
                : Optional.of(new UnaskedSled(sled.id(), sled.address(), failure, unchecked));
        return new Result(checked, checked - differences.size(), differences, unasked);
    }

    private void check(AuditedSled target, List<VmmView> rows, Supplier<List<VmmView>> reread) {
        if (failure != null) {
            unchecked += rows.size();
            return;
        }
        VmmStatesResponse answer;
        try {
            answer = sleds.states(target.endpoint(), rows.stream().map(VmmView::id).toList());
        } catch (Exception e) { // any failure: the sled is reported unasked, its VMMs unchecked
            failure = describe(e);
            unchecked += rows.size();
            return;
        }
        Duration grace = settings.grace();
        List<VmmView> again = new ArrayList<>();
        for (VmmView row : rows) {
            SledVmmState onSled = answer.vmms().get(row.id()); // not listed: the sled does not know it
            checked++;
            Optional<VmmDifference> difference = VmmComparison.compare(row, onSled, clock.instant(), grace);
            if (difference.isPresent() && difference.get().kind() != VmmDifference.Kind.BEHIND) {
                again.add(row);
            } else {
                difference.ifPresent(differences::add);
            }
        }
        if (!again.isEmpty()) {
            compareAgain(again, answer, reread.get());
        }
    }

    /**
     * Compares gone and conflicting VMMs again with their rows read after the sled answered (the page read
     * again; a row it no longer holds, one by one), so a change applied in between is not reported.
     */
    private void compareAgain(List<VmmView> rows, VmmStatesResponse answer, List<VmmView> reread) {
        Map<UUID, VmmView> fresh = new HashMap<>();
        reread.forEach(row -> fresh.put(row.id(), row));
        for (VmmView row : rows) {
            Optional<VmmView> now = fresh.containsKey(row.id()) ? Optional.of(fresh.get(row.id())) : fleet.vmm(row.id());
            now.flatMap(r -> VmmComparison.compare(r, answer.vmms().get(r.id()), clock.instant(), settings.grace()))
                    .ifPresent(differences::add);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    }
}
