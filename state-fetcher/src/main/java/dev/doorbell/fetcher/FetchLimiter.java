package dev.doorbell.fetcher;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds HTTP requests in flight: in total, and per sled, so that one slow sled can hold at most
 * its own share and never stall fetches to the others. Shared by every stream task (Streams
 * punctuators and queues are per task, the bound is global); thread-safe. Permits are released
 * by the request's completion callback, never by the stream thread's drain, so a closed task
 * cannot leak them.
 */
public final class FetchLimiter {

    private final Semaphore total;
    private final int perSled;
    private final ConcurrentHashMap<UUID, Semaphore> sleds = new ConcurrentHashMap<>();

    public FetchLimiter(int maxInFlight, int maxInFlightPerSled) {
        if (maxInFlight < 1 || maxInFlightPerSled < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.total = new Semaphore(maxInFlight);
        this.perSled = maxInFlightPerSled;
    }

    /** Takes one request permit for {@code sled} if both bounds allow; never blocks. */
    public boolean tryAcquire(UUID sled) {
        Semaphore mine = sleds.computeIfAbsent(sled, s -> new Semaphore(perSled));
        if (!mine.tryAcquire()) {
            return false;
        }
        if (!total.tryAcquire()) {
            mine.release();
            return false;
        }
        return true;
    }

    public void release(UUID sled) {
        total.release();
        Semaphore mine = sleds.get(sled);
        if (mine != null) {
            mine.release();
        }
    }

    /** Requests in flight now, all sleds together. */
    public int inFlight(int maxInFlight) {
        return maxInFlight - total.availablePermits();
    }
}
