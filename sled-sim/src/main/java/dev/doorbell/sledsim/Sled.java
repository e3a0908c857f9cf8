package dev.doorbell.sledsim;

import dev.doorbell.model.SledVmmState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated sled: many VMMs, each an immutable {@link Vmm} snapshot in a concurrent map,
 * replaced by compare-and-set through {@link VmmLifecycle}. Reads never block; there is no thread
 * per VMM: one scheduler thread takes automatic steps and purges expired VMMs.
 *
 * <p>Every observable change is reported to the {@link StateChangeListener}. A VMM that reached a
 * terminal state stays readable for the retention period (by the injected clock) and is unknown
 * afterwards.
 *
 * <p>Thread-safe.
 */
public final class Sled implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sled.class);

    private final UUID sledId;
    private final Clock clock;
    private final SteppingMode stepping;
    private final Duration stepDelay;
    private final Duration retention;
    private final StateChangeListener listener;
    private final MigrationPeers peers;
    private final ConcurrentHashMap<UUID, Vmm> vmms = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    private Sled(Builder b) {
        this.sledId = b.sledId;
        this.clock = b.clock;
        this.stepping = b.stepping;
        this.stepDelay = b.stepDelay;
        this.retention = b.retention;
        this.listener = b.listener;
        this.peers = b.peers;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sled-" + sledId.toString().substring(0, 8) + "-stepper");
            t.setDaemon(true);
            return t;
        });
        long purgeMillis = Math.max(1_000, Math.min(60_000, retention.toMillis()));
        scheduler.scheduleWithFixedDelay(this::purgeExpired, purgeMillis, purgeMillis, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(UUID sledId) {
        return new Builder(sledId);
    }

    public UUID id() {
        return sledId;
    }

    public SteppingMode stepping() {
        return stepping;
    }

    /**
     * Creates the VMM if it does not exist (answers its state if it does, for the same instance).
     *
     * @throws IllegalTransitionException if the id exists for another instance
     */
    public SledVmmState ensure(UUID vmmId, EnsureRequest request) {
        Objects.requireNonNull(request, "request");
        while (true) {
            Optional<Vmm> existing = live(vmmId);
            if (existing.isPresent()) {
                Vmm vmm = existing.get();
                if (!vmm.instanceId().equals(request.instanceId())) {
                    throw new IllegalTransitionException("VMM " + vmmId + " exists for instance " + vmm.instanceId());
                }
                return vmm.state();
            }
            Vmm created = VmmLifecycle.create(vmmId, request, clock.instant());
            Vmm previous = vmms.get(vmmId);
            boolean won = previous == null ? vmms.putIfAbsent(vmmId, created) == null : vmms.replace(vmmId, previous, created);
            if (won) {
                changed(null, created);
                return created.state();
            }
        }
    }

    /** Applies a requested state change and answers the resulting state. */
    public SledVmmState request(UUID vmmId, StateRequest request) {
        return update(vmmId, vmm -> VmmLifecycle.request(vmm, request, clock.instant())).state();
    }

    /**
     * Takes the VMM's next step now (any stepping mode).
     *
     * @throws IllegalTransitionException if it has none
     */
    public SledVmmState poke(UUID vmmId) {
        return update(vmmId, vmm -> VmmLifecycle.step(vmm, clock.instant()).orElseThrow(() ->
                new IllegalTransitionException("VMM is " + vmm.state().vmmState().state().wireName()
                        + " with nothing pending"))).state();
    }

    /** @return whether the VMM has a step to take */
    public boolean hasPendingStep(UUID vmmId) {
        return live(vmmId).map(VmmLifecycle::hasNextStep).orElseThrow(() -> new UnknownVmmException(vmmId));
    }

    /** Crashes the VMM ({@code failed} with {@code reason}); a migration it takes part in fails on both sides. */
    public SledVmmState fault(UUID vmmId, String reason) {
        Vmm before = live(vmmId).orElseThrow(() -> new UnknownVmmException(vmmId));
        Vmm after = update(vmmId, vmm -> VmmLifecycle.fault(vmm, reason, clock.instant()));
        if (before.peerVmmId() != null && VmmLifecycle.migrationActive(before) && !VmmLifecycle.migrationActive(after)) {
            peers.migrationFailed(before.peerVmmId(), before.migration().migrationId(), before.peerSledUrl());
        }
        return after.state();
    }

    /**
     * The other side of {@code migrationId} failed; see {@link VmmLifecycle#peerFailed}.
     *
     * @throws UnknownVmmException if the VMM is unknown
     */
    public SledVmmState peerMigrationFailed(UUID vmmId, UUID migrationId) {
        return update(vmmId, vmm -> VmmLifecycle.peerFailed(vmm, migrationId, clock.instant())).state();
    }

    /** @return the VMM's current state, or empty if unknown or past retention. Never blocks. */
    public Optional<SledVmmState> state(UUID vmmId) {
        return live(vmmId).map(Vmm::state);
    }

    /** @return the VMM's full snapshot, or empty if unknown or past retention */
    public Optional<Vmm> vmm(UUID vmmId) {
        return live(vmmId);
    }

    /**
     * @return the state of every VMM the sled holds (terminal ones within retention included); each
     *         value is that VMM's state at some moment during the call, never older than its state
     *         when the call began. Never blocks.
     */
    public Map<UUID, SledVmmState> states() {
        Instant now = clock.instant();
        Map<UUID, SledVmmState> states = new HashMap<>();
        vmms.forEach((id, vmm) -> {
            if (!expired(vmm, now)) {
                states.put(id, vmm.state());
            }
        });
        return states;
    }

    boolean contains(UUID vmmId) {
        return vmms.containsKey(vmmId);
    }

    /** @return how many VMMs the sled holds (terminal ones within retention included) */
    public int size() {
        return vmms.size();
    }

    private Optional<Vmm> live(UUID vmmId) {
        Vmm vmm = vmms.get(vmmId);
        if (vmm == null) {
            return Optional.empty();
        }
        if (expired(vmm, clock.instant())) {
            vmms.remove(vmmId, vmm);
            return Optional.empty();
        }
        return Optional.of(vmm);
    }

    private boolean expired(Vmm vmm, Instant now) {
        return vmm.terminalAt() != null && !now.isBefore(vmm.terminalAt().plus(retention));
    }

    private Vmm update(UUID vmmId, UnaryOperator<Vmm> transition) {
        while (true) {
            Vmm current = live(vmmId).orElseThrow(() -> new UnknownVmmException(vmmId));
            Vmm next = transition.apply(current);
            if (next == current) {
                return current;
            }
            next = next.withVersion(current.version() + 1);
            if (vmms.replace(vmmId, current, next)) {
                changed(current, next);
                return next;
            }
        }
    }

    private void changed(Vmm before, Vmm after) {
        if (before == null || !before.state().equals(after.state())) {
            LOG.debug("vmm={} sled={} state={} gen={}", after.id(), sledId,
                    after.state().vmmState().state().wireName(), after.state().vmmState().gen());
            try {
                listener.stateChanged(after.id(), after.state());
            } catch (RuntimeException e) {
                LOG.warn("state change listener failed: vmm={} sled={}", after.id(), sledId, e);
            }
        }
        if (stepping == SteppingMode.AUTO && VmmLifecycle.hasNextStep(after)) {
            scheduleStep(after.id(), after.version());
        }
    }

    private void scheduleStep(UUID vmmId, long version) {
        try {
            scheduler.schedule(() -> autoStep(vmmId, version), stepDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("sled {} closed; no more steps", sledId);
        }
    }

    private void autoStep(UUID vmmId, long version) {
        try {
            update(vmmId, vmm -> vmm.version() != version ? vmm
                    : VmmLifecycle.step(vmm, clock.instant()).orElse(vmm));
        } catch (UnknownVmmException e) {
            // purged meanwhile
        } catch (RuntimeException e) {
            LOG.warn("automatic step failed: vmm={} sled={}", vmmId, sledId, e);
        }
    }

    /** Forgets terminal VMMs whose retention has passed (reads also check, so this only frees memory). */
    void purgeExpired() {
        Instant now = clock.instant();
        vmms.values().removeIf(vmm -> expired(vmm, now));
    }

    /** Stops stepping; the VMMs stay readable. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Configures a sled: defaults are auto stepping after 1.5 s, 10 minutes retention, the system clock, no listener. */
    public static final class Builder {
        private final UUID sledId;
        private Clock clock = Clock.systemUTC();
        private SteppingMode stepping = SteppingMode.AUTO;
        private Duration stepDelay = Duration.ofMillis(1_500);
        private Duration retention = Duration.ofMinutes(10);
        private StateChangeListener listener = StateChangeListener.none();
        private MigrationPeers peers = MigrationPeers.none();

        private Builder(UUID sledId) {
            this.sledId = Objects.requireNonNull(sledId, "sledId");
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder stepping(SteppingMode mode, Duration delay) {
            this.stepping = Objects.requireNonNull(mode);
            if (delay.isNegative()) {
                throw new IllegalArgumentException("step delay must be >= 0");
            }
            this.stepDelay = delay;
            return this;
        }

        public Builder retention(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("retention must be >= 0");
            }
            this.retention = value;
            return this;
        }

        public Builder listener(StateChangeListener value) {
            this.listener = Objects.requireNonNull(value);
            return this;
        }

        public Builder peers(MigrationPeers value) {
            this.peers = Objects.requireNonNull(value);
            return this;
        }

        public Sled build() {
            return new Sled(this);
        }
    }
}
