package dev.doorbell.reconciler.audit;

import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole-fleet consistency check: every VMM the database places on a registered sled, compared
 * with that sled's own answer ({@link SledAudit} per sled, {@link AuditSettings#concurrency()} sleds at a
 * time). The database is read through a {@link FleetView} (the read API), the sleds through a
 * {@link SledStateCheck} ({@link SledStateCheck#overAnyVersion}: the bulk {@code POST /vmms/states}, or one VMM at a
 * time from a sled speaking only API 1.0.0). A failure to read the database ends the
 * audit with that exception; a sled that cannot be asked is reported in the {@link AuditReport}.
 * Thread-safe; each {@link #run()} is one audit.
 */
public final class Audit {

    private final FleetView fleet;
    private final SledStateCheck sleds;
    private final Clock clock;
    private final AuditSettings settings;

    public Audit(FleetView fleet, SledStateCheck sleds, Clock clock, AuditSettings settings) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.sleds = Objects.requireNonNull(sleds, "sleds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Audits the fleet once. @throws RuntimeException what reading the database threw */
    public AuditReport run() {
        List<SledView> registered = fleet.sleds();
        List<SledAudit.Result> results = new ArrayList<>();
        if (!registered.isEmpty()) {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.concurrency(), registered.size()),
                    task -> Thread.ofPlatform().daemon().name("audit-" + n.incrementAndGet()).unstarted(task));
            try {
                List<Future<SledAudit.Result>> futures = registered.stream()
                        .map(sled -> pool.submit(() -> new SledAudit(fleet, sleds, clock, settings).run(sled))).toList();
                for (Future<SledAudit.Result> future : futures) {
                    results.add(await(future));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return new AuditReport(clock.instant(), settings.grace(), registered.size(),
                results.stream().mapToLong(SledAudit.Result::checked).sum(),
                results.stream().mapToLong(SledAudit.Result::inSync).sum(),
                results.stream().flatMap(r -> r.differences().stream()).toList(),
                results.stream().flatMap(r -> r.unasked().stream()).toList());
    }

    private static SledAudit.Result await(Future<SledAudit.Result> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
