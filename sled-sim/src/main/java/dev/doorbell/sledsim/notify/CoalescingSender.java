package dev.doorbell.sledsim.notify;

import dev.doorbell.model.Backoff;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications per VMM with coalescing: at most one send in flight per VMM; payloads
 * submitted meanwhile collapse into the newest, sent once after it. A failed send is retried with
 * {@link Backoff}, each retry carrying the newest payload. {@link #submit} never blocks.
 * Memory: one small slot per VMM ever notified.
 */
public final class CoalescingSender<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingSender.class);

    private final Transport<T> transport;
    private final Backoff backoff;
    private final ScheduledExecutorService retries;
    private final ConcurrentHashMap<UUID, Slot<T>> slots = new ConcurrentHashMap<>();
    private final LongAdder sends = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    public CoalescingSender(Transport<T> transport, Backoff backoff, ScheduledExecutorService retries) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    private static final class Slot<T> {
        T latest;
        boolean dirty;
        boolean inFlight;
        int failedAttempts;
    }

    /** Queues {@code payload} as the newest for {@code vmmId}. */
    public void submit(UUID vmmId, T payload) {
        if (closed) {
            return;
        }
        Slot<T> slot = slots.computeIfAbsent(vmmId, k -> new Slot<>());
        boolean start;
        synchronized (slot) {
            if (slot.dirty) {
                coalesced.increment();
            }
            slot.latest = payload;
            slot.dirty = true;
            start = !slot.inFlight;
            slot.inFlight = true;
        }
        if (start) {
            sendNext(vmmId, slot);
        }
    }

    private void sendNext(UUID vmmId, Slot<T> slot) {
        if (closed) {
            return;
        }
        T payload;
        synchronized (slot) {
            payload = slot.latest;
            slot.dirty = false;
        }
        sends.increment();
        CompletableFuture<DeliveryOutcome> attempt;
        try {
            attempt = transport.send(vmmId, payload);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((outcome, error) -> completed(vmmId, slot, error == null ? outcome : DeliveryOutcome.RETRY, error));
    }

    private void completed(UUID vmmId, Slot<T> slot, DeliveryOutcome outcome, Throwable error) {
        if (outcome == DeliveryOutcome.RETRY) {
            failures.increment();
            int attempt;
            synchronized (slot) {
                slot.dirty = true; // the newest payload must still go out
                attempt = ++slot.failedAttempts;
            }
            long delay = backoff.delay(attempt).toMillis();
            LOG.debug("notification failed, retrying in {} ms: vmm={} attempt={}", delay, vmmId, attempt, error);
            try {
                retries.schedule(() -> sendNext(vmmId, slot), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("sender closed; dropping notification for vmm={}", vmmId);
            }
            return;
        }
        if (outcome == DeliveryOutcome.DROP) {
            dropped.increment();
            LOG.warn("notification refused for good, dropped: vmm={}", vmmId);
        }
        boolean again;
        synchronized (slot) {
            slot.failedAttempts = 0;
            again = slot.dirty;
            if (!again) {
                slot.inFlight = false;
            }
        }
        if (again) {
            sendNext(vmmId, slot);
        }
    }

    /** @return send attempts so far (retries included) */
    public long sends() {
        return sends.sum();
    }

    /** @return failed attempts that will be retried */
    public long failures() {
        return failures.sum();
    }

    /** @return payloads replaced by a newer one before they were sent */
    public long coalesced() {
        return coalesced.sum();
    }

    /** @return notifications refused for good */
    public long dropped() {
        return dropped.sum();
    }

    /** Stops sending; pending notifications are abandoned. */
    @Override
    public void close() {
        closed = true;
    }
}
