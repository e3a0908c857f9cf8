package dev.doorbell.chaos;

import dev.doorbell.model.Doorbell;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sled's doorbell that remembers, before passing the ring on, every VMM it rang for and how many
 * rings it passed on: a sled in {@code doorbell-kafka} mode rings once per observable state change,
 * so these are the sled's VMMs and its state changes, whatever happens to the rings downstream.
 * Thread-safe.
 */
final class RecordingDoorbell implements Doorbell {

    private final Doorbell delegate;
    private final Set<UUID> vmms = ConcurrentHashMap.newKeySet();
    private final AtomicLong rings = new AtomicLong();

    RecordingDoorbell(Doorbell delegate) {
        this.delegate = delegate;
    }

    @Override
    public void ring(UUID vmmId) {
        vmms.add(vmmId);
        rings.incrementAndGet();
        delegate.ring(vmmId);
    }

    /** Every VMM rung for so far. */
    Set<UUID> vmms() {
        return Set.copyOf(vmms);
    }

    /** Rings so far: the sled's state changes. */
    long rings() {
        return rings.get();
    }
}
