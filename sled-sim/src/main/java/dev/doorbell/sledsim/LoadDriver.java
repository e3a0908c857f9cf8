package dev.doorbell.sledsim;

import dev.doorbell.model.VmmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a sled for benchmarks: keeps {@code vmms} VMMs alive and makes about {@code churnPerSecond}
 * observable state changes per second across them, each a random valid transition (step, reboot,
 * stop, crash; a VMM that ends is replaced by a new one). Each action makes exactly one change, so
 * the rate is exact when the sled steps explicitly; with auto stepping the sled's own steps come on
 * top. Runs on one scheduler thread, ticking every 10 ms.
 */
public final class LoadDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);
    private static final long TICK_MILLIS = 10;

    private final Sled sled;
    private final double churnPerSecond;
    private final Random random;
    private final List<UUID> live;
    private final AtomicLong changes = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private double owed;

    public LoadDriver(Sled sled, int vmms, double churnPerSecond, long seed) {
        this.sled = Objects.requireNonNull(sled, "sled");
        if (vmms < 1 || churnPerSecond < 0) {
            throw new IllegalArgumentException("need vmms >= 1 and churn >= 0");
        }
        this.churnPerSecond = churnPerSecond;
        this.random = new Random(seed);
        this.live = new ArrayList<>(vmms);
        for (int i = 0; i < vmms; i++) {
            live.add(createRunning());
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sled-load-driver");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the VMMs the driver currently keeps */
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

    /** @return observable changes the driver made (creations included) */
    public long changes() {
        return changes.get();
    }

    private void tick() {
        try {
            owed += churnPerSecond * TICK_MILLIS / 1000.0;
            while (owed >= 1) {
                owed -= 1;
                changeOne();
            }
        } catch (RuntimeException e) {
            LOG.warn("load driver tick failed", e);
        }
    }

    /** Makes exactly one observable change to a random VMM. Called on one thread at a time. */
    void changeOne() {
        synchronized (live) {
            int index = random.nextInt(live.size());
            UUID id = live.get(index);
            try {
                if (sled.hasPendingStep(id)) {
                    sled.poke(id);
                    changes.incrementAndGet();
                } else {
                    act(index, id);
                }
            } catch (UnknownVmmException | IllegalTransitionException e) {
                // raced with an automatic step or retention: replace it (its creation is the change)
                live.set(index, createRunning());
            }
        }
    }

    private void act(int index, UUID id) {
        VmmState state = sled.state(id).orElseThrow(() -> new UnknownVmmException(id)).vmmState().state();
        if (state.isTerminal()) {
            live.set(index, createRunning());
            return;
        }
        if (state != VmmState.RUNNING) {
            throw new IllegalTransitionException("not steady: " + state);
        }
        int dice = random.nextInt(100);
        if (dice < 70) {
            sled.request(id, StateRequest.of(RequestedState.REBOOT));
        } else if (dice < 95) {
            sled.request(id, StateRequest.of(RequestedState.STOPPED));
        } else {
            sled.fault(id, VmmLifecycle.PROPOLIS_CRASHED);
        }
        changes.incrementAndGet();
    }

    /** Creates a VMM and asks it to run (one observable change: its creation). */
    private UUID createRunning() {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
        sled.request(id, StateRequest.of(RequestedState.RUNNING));
        changes.incrementAndGet();
        return id;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
