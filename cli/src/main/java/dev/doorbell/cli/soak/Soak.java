package dev.doorbell.cli.soak;

import dev.doorbell.cli.fleet.ComponentProcess;
import dev.doorbell.cli.fleet.Fleet;
import dev.doorbell.cli.fleet.FleetStatus;
import dev.doorbell.cli.fleet.PrometheusText;
import dev.doorbell.reconciler.audit.Audit;
import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.AuditSettings;
import dev.doorbell.reconciler.audit.AuditText;
import dev.doorbell.reconciler.audit.FleetView;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A soak of a fleet of processes that restarts what dies: churn runs for the settings' length; every
 * {@code killEvery} the next component in {@link #rotation} is SIGKILLed (the fleet reports it and starts it again);
 * every {@code sampleEvery} each process's resident set and heap and each group's lag are sampled. At the end an audit
 * (the grace of {@code doorbell audit}) compares the database with every sled, again every 5 s for up to two minutes
 * until it finds nothing diverged: what it still finds diverged then is lost.
 */
public final class Soak {

    private static final String HEAP = "jvm_memory_used_bytes";
    private static final String APPLIED = "doorbell_reconciler_observations_applied_total";
    private static final Duration SLED_TIMEOUT = Duration.ofSeconds(5);
    /** Two of the reconciler's default sweep periods and some: what the fleet gets to settle before the verdict. */
    static final Duration SETTLE = Duration.ofSeconds(120);

    private final Fleet fleet;
    private final FleetStatus status;
    private final URI reconcilerUrl;
    private final SoakSettings settings;
    private final PrintWriter progress;
    private final AppliedTally applied = new AppliedTally();

    public Soak(Fleet fleet, FleetStatus status, URI reconcilerUrl, SoakSettings settings, PrintWriter progress) {
        this.fleet = fleet;
        this.status = status;
        this.reconcilerUrl = reconcilerUrl;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * The order in which components are killed: fetchers and reconcilers alternately, then a sled, so that in a soak
     * of a few kills every role is crashed at least once.
     */
    static List<String> rotation(List<String> fetchers, List<String> reconcilers, List<String> sleds) {
        List<String> order = new ArrayList<>();
        int rounds = Math.max(fetchers.size(), reconcilers.size());
        for (int i = 0; i < rounds; i++) {
            if (i < fetchers.size()) {
                order.add(fetchers.get(i));
            }
            if (i < reconcilers.size()) {
                order.add(reconcilers.get(i));
            }
            if (i < sleds.size()) {
                order.add(sleds.get(i));
            }
        }
        return order;
    }

    public SoakResult run() throws InterruptedException {
        List<String> order = rotation(names("fetcher"), names("reconciler"), names("sled"));
        List<SoakSample> samples = new ArrayList<>();
        List<Kill> kills = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        long begin = System.nanoTime();
        long end = begin + settings.length().toNanos();
        long nextKill = begin + settings.killEvery().toNanos();
        while (System.nanoTime() < end) {
            TimeUnit.NANOSECONDS.sleep(Math.min(settings.sampleEvery().toNanos(), Math.max(0, end - System.nanoTime())));
            long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin);
            if (System.nanoTime() >= nextKill && System.nanoTime() < end) {
                kill(order.get(kills.size() % order.size()), second).ifPresent(kills::add);
                nextKill += settings.killEvery().toNanos();
            }
            samples.add(sample(second));
            List<String> happened = fleet.drainNotices();
            happened.forEach(n -> progress.println("  " + n));
            notices.addAll(happened);
            progress.printf("  %4d s: applied %.0f, lag fetchers %d, reconcilers %d%n", second, samples.getLast().applied(),
                    samples.getLast().fetcherLag(), samples.getLast().reconcilerLag());
            progress.flush();
        }
        AuditReport audit = settle();
        return new SoakResult(settings, samples, kills, notices, audit, audit.diverged());
    }

    private List<String> names(String role) {
        return fleet.role(role).stream().map(ComponentProcess::name).toList();
    }

    private Optional<Kill> kill(String name, long second) {
        return fleet.component(name).filter(ComponentProcess::isAlive).map(victim -> {
            progress.printf("  %4d s: SIGKILL %s (pid %d)%n", second, name, victim.pid());
            victim.kill(); // not through the fleet: an unexpected death, reported and restarted by it
            return new Kill(second, name, victim.pid());
        });
    }

    private SoakSample sample(long second) {
        Map<String, Long> resident = new HashMap<>();
        Map<String, Double> heap = new HashMap<>();
        for (ComponentProcess component : fleet.components()) {
            if (!component.isAlive()) {
                continue;
            }
            component.residentBytes().ifPresent(bytes -> resident.put(component.name(), bytes));
            var metrics = PrometheusText.scrape(component.spec().baseUrl());
            if (metrics.isPresent()) {
                heap.put(component.name(), metrics.get().named(HEAP).stream()
                        .filter(s -> "heap".equals(s.labels().get("area"))).mapToDouble(PrometheusText.Sample::value).sum());
                applied.saw(component.pid(), metrics.get().sum(APPLIED));
            }
        }
        FleetStatus.Sample now = status.sample();
        return new SoakSample(second, resident, heap, now.doorbellLag(), now.statesLag(), applied.total());
    }

    /**
     * The audit once the fleet has settled: repeated every 5 s for up to {@link #SETTLE} (a sled killed near the end
     * comes back empty, and its old VMMs are failed only by the next sweeps), the first consistent one or the last.
     */
    private AuditReport settle() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        AuditReport report = audit();
        while (!report.consistent() && System.nanoTime() < deadline) {
            progress.println("  settling: " + AuditText.summary(report));
            progress.flush();
            TimeUnit.SECONDS.sleep(5);
            report = audit();
        }
        progress.println("  " + AuditText.summary(report));
        progress.flush();
        return report;
    }

    private AuditReport audit() {
        try (ReadApiClient reads = new ReadApiClient(reconcilerUrl)) {
            SledStateCheck sleds = SledStateCheck.overAnyVersion(new SledAgentClient(SLED_TIMEOUT, SLED_TIMEOUT));
            return new Audit(FleetView.over(reads), sleds, Clock.systemUTC(), AuditSettings.DEFAULTS).run();
        }
    }
}
