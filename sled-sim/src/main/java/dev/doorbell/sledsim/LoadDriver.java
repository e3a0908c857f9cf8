package dev.doorbell.sledsim;

import dev.doorbell.model.VmmState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a sled for benchmarks and demos: makes about {@code churnPerSecond} observable state
 * changes per second across the VMMs it was given, each a random valid transition of a VMM (step,
 * reboot, stop, crash). It never creates a VMM itself: a VMM that ends is handed to a
 * {@link VmmReplacement} (under a control plane, the control plane starts its instance again on this
 * sled) and the replacement joins the driven VMMs when it is on the sled. Each {@link #changeOne}
 * makes exactly one change to a driven VMM while it has one to change, so the rate is exact when the
 * sled steps explicitly; with auto stepping the sled's own steps come on top, and replacements are
 * the control plane's changes, not the driver's. Runs on one scheduler thread, ticking every 10 ms.
 */
public final class LoadDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);
    private static final long TICK_MILLIS = 10;
    /** Picks per change before giving up for this tick: VMMs between states without a step of their own cannot change. */
    private static final int MAX_PICKS = 32;
    /** Every second the driver looks for ended VMMs, so a replacement does not wait until one is picked by chance. */
    private static final int TICKS_PER_SCAN = 100;

    private final Sled sled;
    private final double churnPerSecond;
    private final Random random;
    private final VmmReplacement replacement;
    private final List<UUID> live;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong awaitingReplacement = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;
    private double owed;
    private int ticks;

    /**
     * @param vmms        the VMMs to drive, already on {@code sled} (e.g. placed there by the control plane)
     * @param replacement asked for a new VMM whenever a driven one ends
     */
    public LoadDriver(Sled sled, Collection<UUID> vmms, double churnPerSecond, long seed, VmmReplacement replacement) {
        this.sled = Objects.requireNonNull(sled, "sled");
        if (churnPerSecond < 0 || Double.isNaN(churnPerSecond)) {
            throw new IllegalArgumentException("need churn >= 0");
        }
        this.churnPerSecond = churnPerSecond;
        this.random = new Random(seed);
        this.replacement = Objects.requireNonNull(replacement, "replacement");
        this.live = new ArrayList<>(vmms);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sled-load-driver");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A sled without a control plane: creates {@code vmms} running VMMs on the sled itself and
     * replaces ended ones the same way ({@link VmmReplacement#bySled}). A reconciler knows nothing of
     * these VMMs.
     */
    public static LoadDriver selfPlaced(Sled sled, int vmms, double churnPerSecond, long seed) {
        if (vmms < 1) {
            throw new IllegalArgumentException("need vmms >= 1");
        }
        List<UUID> created = new ArrayList<>(vmms);
        for (int i = 0; i < vmms; i++) {
            created.add(createRunning(sled, UUID.randomUUID()));
        }
        return new LoadDriver(sled, created, churnPerSecond, seed, VmmReplacement.bySled(sled));
    }

    /** @return the VMMs the driver currently drives */
    public List<UUID> vmmIds() {
        synchronized (live) {
            return List.copyOf(live);
        }
    }

    /** Starts the churn (nothing to do if the rate is 0). */
    public LoadDriver start() {
        if (churnPerSecond > 0) {
            ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** @return observable changes the driver made to its VMMs (replacements are not its changes) */
    public long changes() {
        return changes.get();
    }

    /** @return replacement VMMs that joined the driven ones so far */
    public long replaced() {
        return replaced.get();
    }

    /** @return ended VMMs whose replacement has been asked for and has not come yet */
    public long awaitingReplacement() {
        return awaitingReplacement.get();
    }

    private void tick() {
        try {
            if (++ticks % TICKS_PER_SCAN == 0) {
                retireEnded();
            }
            owed += churnPerSecond * TICK_MILLIS / 1000.0;
            while (owed >= 1) {
                owed -= 1;
                changeOne();
            }
        } catch (RuntimeException e) {
            LOG.warn("load driver tick failed", e);
        }
    }

    /**
     * Makes exactly one observable change to a random driven VMM, retiring (and asking to replace)
     * the ended ones it meets on the way; does nothing if no driven VMM can change now. Called on one
     * thread at a time.
     */
    void changeOne() {
        synchronized (live) {
            for (int pick = 0; pick < MAX_PICKS && !live.isEmpty(); pick++) {
                int index = random.nextInt(live.size());
                UUID id = live.get(index);
                Optional<Vmm> vmm = sled.vmm(id);
                if (vmm.isEmpty() || vmm.get().isTerminal()) {
                    retire(index, vmm);
                    continue;
                }
                try {
                    if (sled.hasPendingStep(id)) {
                        sled.poke(id);
                    } else if (!act(id, vmm.get().state().vmmState().state())) {
                        continue;
                    }
                    changes.incrementAndGet();
                    return;
                } catch (UnknownVmmException | IllegalTransitionException e) {
                    // raced with an automatic step or retention: nothing changed, pick again
                }
            }
        }
    }

    /** Retires every driven VMM that has ended (its replacement asked for). Called on one thread at a time. */
    void retireEnded() {
        synchronized (live) {
            for (int index = live.size() - 1; index >= 0; index--) {
                Optional<Vmm> vmm = sled.vmm(live.get(index));
                if (vmm.isEmpty() || vmm.get().isTerminal()) {
                    retire(index, vmm);
                }
            }
        }
    }

    /** Takes the VMM at {@code index} out of the driven ones and, if the sled still knows it, asks for its replacement. */
    private void retire(int index, Optional<Vmm> ended) {
        live.set(index, live.getLast());
        live.removeLast();
        if (ended.isEmpty()) {
            return; // forgotten after retention: its instance is unknown here
        }
        awaitingReplacement.incrementAndGet();
        replacement.replace(ended.get()).whenComplete((next, error) -> {
            awaitingReplacement.decrementAndGet();
            if (error != null) {
                LOG.warn("no replacement for VMM {} of sled {}", ended.get().id(), sled.id(), error);
            } else if (next.isPresent() && !closed) {
                synchronized (live) {
                    live.add(next.get());
                }
                replaced.incrementAndGet();
            }
        });
    }

    /** Asks a running VMM to reboot, stop or crash. @return false if it is not running (nothing changed) */
    private boolean act(UUID id, VmmState state) {
        if (state != VmmState.RUNNING) {
            return false;
        }
        int dice = random.nextInt(100);
        if (dice < 70) {
            sled.request(id, StateRequest.of(RequestedState.REBOOT));
        } else if (dice < 95) {
            sled.request(id, StateRequest.of(RequestedState.STOPPED));
        } else {
            sled.fault(id, VmmLifecycle.PROPOLIS_CRASHED);
        }
        return true;
    }

    /** Creates a VMM of {@code instanceId} on {@code sled} and asks it to run (one observable change: its creation). */
    static UUID createRunning(Sled sled, UUID instanceId) {
        UUID id = UUID.randomUUID();
        sled.ensure(id, EnsureRequest.of(instanceId));
        sled.request(id, StateRequest.of(RequestedState.RUNNING));
        return id;
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
    }
}
