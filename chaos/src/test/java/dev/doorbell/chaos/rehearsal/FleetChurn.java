package dev.doorbell.chaos.rehearsal;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Changes VMMs across a fleet at about {@code actionsPerSecond} (one scheduler thread ticking every
 * 10 ms, each action on a random sled, see {@link RehearsalSled#churnOnce}); a sled being updated is
 * skipped for that action. The first unexpected failure stops the churn and is kept for the test.
 */
public final class FleetChurn implements AutoCloseable {

    private static final long TICK_MILLIS = 10;

    private final List<RehearsalSled> sleds;
    private final double actionsPerSecond;
    private final Random random;
    private final AtomicLong actions = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rehearsal-churn").factory());
    private double owed;

    public FleetChurn(List<RehearsalSled> sleds, double actionsPerSecond, long seed) {
        this.sleds = List.copyOf(sleds);
        this.actionsPerSecond = actionsPerSecond;
        this.random = new Random(seed);
    }

    public FleetChurn start() {
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Actions taken so far. */
    public long actions() {
        return actions.get();
    }

    /** The failure that stopped the churn, if one did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void tick() {
        if (failure.get() != null) {
            return;
        }
        try {
            owed += actionsPerSecond * TICK_MILLIS / 1000.0;
            while (owed >= 1) {
                owed -= 1;
                if (sleds.get(random.nextInt(sleds.size())).churnOnce(random)) {
                    actions.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Stops churning and waits for the action in progress. */
    @Override
    public void close() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
