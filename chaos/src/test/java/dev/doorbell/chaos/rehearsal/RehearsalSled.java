package dev.doorbell.chaos.rehearsal;

import dev.doorbell.bench.control.ControlPlaneReplacement;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.IllegalTransitionException;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.sledsim.Vmm;
import dev.doorbell.sledsim.VmmLifecycle;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One sled of the rehearsal's fleet: a simulated sled-agent on some {@link SledRelease}, registered
 * with the control API, the VMMs the control plane placed on it (instances created and started on
 * this sled through the control API; an ended one's instance is started again there), the crashes
 * made on it, and its in-place update to another release (re-registering with the versions it now
 * speaks). Churn and updates of one sled never interleave (a lock), so each crash knows the release
 * the sled ran when it happened; the sled's own automatic steps go on regardless. Thread-safe.
 */
public final class RehearsalSled implements AutoCloseable {

    /** A VMM crashed on purpose, and whether the sled's API could say why when it happened. */
    public record Crash(UUID vmm, SledRelease release, Instant at) {
    }

    private final SledSimulator simulator;
    private final ControlPlaneClient control;
    private final ControlPlaneReplacement replacement;
    private final Function<UUID, DoorbellPublisher> publishers;
    private final URI gatewayUrl;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<UUID> live = new ArrayList<>();
    private final Set<UUID> placed = ConcurrentHashMap.newKeySet();
    private final List<Crash> crashes = new CopyOnWriteArrayList<>();
    private volatile SledRelease release;
    private volatile Instant updatedAt = Instant.now();
    private DoorbellPublisher publisher;

    private RehearsalSled(SledSimulator simulator, SledRelease release, ControlPlaneClient control,
                          Function<UUID, DoorbellPublisher> publishers, URI gatewayUrl, DoorbellPublisher publisher) {
        this.simulator = simulator;
        this.release = release;
        this.control = control;
        this.replacement = new ControlPlaneReplacement(control, simulator.config().sledId());
        this.publishers = publishers;
        this.gatewayUrl = gatewayUrl;
        this.publisher = publisher;
    }

    /**
     * Starts a sled on {@code release}, registers it with the control API and has the control plane
     * place and start {@code vmms} VMMs on it.
     *
     * @param publishers makes a sled's Kafka doorbell publisher, for releases that ring through Kafka; the sled
     *                   closes it when an update replaces it and on {@link #close()}
     */
    public static RehearsalSled start(SledRelease release, int vmms, Duration stepDelay, ControlPlaneClient control,
                                      Function<UUID, DoorbellPublisher> publishers, URI gatewayUrl) {
        SledSimConfig config = SledSimConfig.defaults()
                .withApiVersions(release.apiVersions())
                .withStepping(SteppingMode.AUTO, stepDelay)
                .withNotify(release.notifyMode(), gatewayUrl);
        UUID sledId = config.sledId();
        DoorbellPublisher publisher = release.notifyMode() == NotifyMode.DOORBELL_KAFKA ? publishers.apply(sledId) : null;
        RehearsalSled sled = new RehearsalSled(SledSimulator.start(config, publisher), release, control, publishers,
                gatewayUrl, publisher);
        sled.register();
        List<StartedVmm> started = new FleetSeeder(control, FleetSeeder.DEFAULT_CONCURRENCY)
                .place(Collections.nCopies(vmms, sledId), "r-" + sledId.toString().substring(0, 8), 1, FleetSeeder.Progress.none());
        sled.lock.lock();
        try {
            started.forEach(vmm -> sled.adopt(vmm.vmmId()));
        } finally {
            sled.lock.unlock();
        }
        return sled;
    }

    public UUID id() {
        return simulator.config().sledId();
    }

    public SledRelease release() {
        return release;
    }

    /** When the sled last started on or updated to its current release. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** Every VMM the control plane placed on this sled for the rehearsal. */
    public Set<UUID> vmms() {
        return Set.copyOf(placed);
    }

    /** The sled's own view of every VMM it holds. */
    public Map<UUID, SledVmmState> states() {
        return simulator.sled().states();
    }

    public List<Crash> crashes() {
        return List.copyOf(crashes);
    }

    public String baseUrl() {
        return simulator.baseUrl();
    }

    /**
     * Makes one random change if no update holds the sled: a running VMM reboots, stops or crashes, a
     * VMM between states takes its next step early, an ended one is handed to the control plane to
     * be replaced (its instance started again on this sled; the new VMM joins when it is placed).
     *
     * @return whether it acted
     */
    boolean churnOnce(Random random) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (live.isEmpty()) {
                return false; // every VMM ended and awaits its replacement
            }
            int index = random.nextInt(live.size());
            UUID id = live.get(index);
            Sled sled = simulator.sled();
            Optional<Vmm> vmm = sled.vmm(id);
            if (vmm.isEmpty()) {
                throw new IllegalStateException("sled " + id() + " forgot VMM " + id + " within its retention");
            }
            VmmState state = vmm.get().state().vmmState().state();
            if (state.isTerminal()) {
                live.remove(index);
                replacement.replace(vmm.get()).thenAccept(next -> next.ifPresent(this::adoptLocked));
            } else if (state == VmmState.RUNNING) {
                int dice = random.nextInt(100);
                if (dice < 60) {
                    sled.request(id, StateRequest.of(RequestedState.REBOOT));
                } else if (dice < 85) {
                    sled.request(id, StateRequest.of(RequestedState.STOPPED));
                } else {
                    crash(id);
                }
            } else if (sled.hasPendingStep(id)) {
                sled.poke(id);
            }
            return true;
        } catch (IllegalTransitionException e) {
            return false; // raced with an automatic step: nothing changed
        } finally {
            lock.unlock();
        }
    }

    /** Crashes one running VMM now, if there is one. */
    public Optional<Crash> crashOne() {
        lock.lock();
        try {
            for (UUID id : live) {
                if (simulator.sled().state(id).map(s -> s.vmmState().state() == VmmState.RUNNING).orElse(false)) {
                    try {
                        return Optional.of(crash(id));
                    } catch (IllegalTransitionException e) {
                        // stepped meanwhile: try the next one
                    }
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Updates the sled-agent in place to {@code next} (its VMMs keep running) and re-registers the sled
     * with the control API with the versions it now speaks, as a restarted sled-agent does.
     */
    public void update(SledRelease next) {
        lock.lock();
        try {
            DoorbellPublisher previous = publisher;
            DoorbellPublisher ring = next.notifyMode() == NotifyMode.DOORBELL_KAFKA ? publishers.apply(id()) : null;
            simulator.update(next.apiVersions(), next.notifyMode(), gatewayUrl, ring);
            publisher = ring;
            release = next;
            updatedAt = Instant.now();
            register();
            if (previous != null) {
                previous.close(Duration.ofSeconds(5));
            }
        } finally {
            lock.unlock();
        }
    }

    private Crash crash(UUID id) {
        simulator.sled().fault(id, VmmLifecycle.PROPOLIS_CRASHED);
        Crash crash = new Crash(id, release, Instant.now());
        crashes.add(crash);
        return crash;
    }

    /** A VMM the control plane placed here joins the churned ones. Called with the lock held. */
    private void adopt(UUID id) {
        placed.add(id);
        live.add(id);
    }

    private void adoptLocked(UUID id) {
        lock.lock();
        try {
            adopt(id);
        } finally {
            lock.unlock();
        }
    }

    private void register() {
        control.registerSled(id(), URI.create(simulator.baseUrl()), release.apiVersions());
    }

    @Override
    public void close() {
        replacement.close();
        lock.lock();
        try {
            simulator.close();
            if (publisher != null) {
                publisher.close(Duration.ofSeconds(5));
            }
        } finally {
            lock.unlock();
        }
    }
}
