package dev.doorbell.chaos.rehearsal;

import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.IllegalTransitionException;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.sledsim.UnknownVmmException;
import dev.doorbell.sledsim.VmmLifecycle;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One sled of the rehearsal's fleet: a simulated sled-agent on some {@link SledRelease}, the VMMs the
 * control plane placed on it (placement published before the VMM is created, as the control plane
 * does), the crashes made on it, and its in-place update to another release (re-registering in the
 * directory with the versions it now speaks). Churn and updates of one sled never interleave (a
 * lock), so each crash knows the release the sled ran when it happened; the sled's own automatic
 * steps go on regardless. Thread-safe.
 */
public final class RehearsalSled implements AutoCloseable {

    private static final Duration DIRECTORY_TIMEOUT = Duration.ofSeconds(30);

    /** A VMM crashed on purpose, and whether the sled's API could say why when it happened. */
    public record Crash(UUID vmm, SledRelease release, Instant at) {
    }

    private final SledSimulator simulator;
    private final DirectoryPublisher directory;
    private final Function<UUID, DoorbellPublisher> publishers;
    private final URI gatewayUrl;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<UUID> live = new ArrayList<>();
    private final Set<UUID> placed = ConcurrentHashMap.newKeySet();
    private final List<Crash> crashes = new CopyOnWriteArrayList<>();
    private volatile SledRelease release;
    private volatile Instant updatedAt = Instant.now();
    private DoorbellPublisher publisher;

    private RehearsalSled(SledSimulator simulator, SledRelease release, DirectoryPublisher directory,
                          Function<UUID, DoorbellPublisher> publishers, URI gatewayUrl, DoorbellPublisher publisher) {
        this.simulator = simulator;
        this.release = release;
        this.directory = directory;
        this.publishers = publishers;
        this.gatewayUrl = gatewayUrl;
        this.publisher = publisher;
    }

    /**
     * Starts a sled on {@code release}, registers it in the directory and places and starts {@code vmms} VMMs on it.
     *
     * @param publishers makes a sled's Kafka doorbell publisher, for releases that ring through Kafka; the sled
     *                   closes it when an update replaces it and on {@link #close()}
     */
    public static RehearsalSled start(SledRelease release, int vmms, Duration stepDelay, DirectoryPublisher directory,
                                      Function<UUID, DoorbellPublisher> publishers, URI gatewayUrl) {
        SledSimConfig config = SledSimConfig.defaults()
                .withApiVersions(release.apiVersions())
                .withStepping(SteppingMode.AUTO, stepDelay)
                .withNotify(release.notifyMode(), gatewayUrl);
        UUID sledId = config.sledId();
        DoorbellPublisher publisher = release.notifyMode() == NotifyMode.DOORBELL_KAFKA ? publishers.apply(sledId) : null;
        RehearsalSled sled = new RehearsalSled(SledSimulator.start(config, publisher), release, directory, publishers,
                gatewayUrl, publisher);
        sled.register();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < vmms; i++) {
            ids.add(UUID.randomUUID());
        }
        sled.lock.lock();
        try {
            List<Future<Void>> sent = new ArrayList<>();
            for (UUID id : ids) {
                sent.add(directory.publishPlacement(id, sledId));
            }
            sent.forEach(RehearsalSled::acknowledged);
            ids.forEach(sled::createPlaced);
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

    /** Every VMM ever placed on this sled. */
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
     * VMM between states takes its next step early, an ended one is replaced by a new VMM.
     *
     * @return whether it acted
     */
    boolean churnOnce(Random random) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            int index = random.nextInt(live.size());
            UUID id = live.get(index);
            Sled sled = simulator.sled();
            VmmState state = sled.state(id).orElseThrow(() -> new UnknownVmmException(id)).vmmState().state();
            if (state.isTerminal()) {
                live.remove(index);
                UUID replacement = UUID.randomUUID();
                acknowledged(directory.publishPlacement(replacement, id()));
                createPlaced(replacement);
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
     * in the directory with the versions it now speaks, as a restarted sled-agent does.
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

    private void createPlaced(UUID id) {
        placed.add(id);
        simulator.sled().ensure(id, EnsureRequest.of(UUID.randomUUID()));
        simulator.sled().request(id, StateRequest.of(RequestedState.RUNNING));
        live.add(id);
    }

    private void register() {
        acknowledged(directory.publishSled(new SledRecord(id(), URI.create(simulator.baseUrl()), release.apiVersionNames())));
    }

    private static void acknowledged(Future<Void> sent) {
        try {
            sent.get(DIRECTORY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the directory", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the directory write failed", e);
        }
    }

    @Override
    public void close() {
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
