package dev.doorbell.producer;

import dev.doorbell.model.Doorbell;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings body-less doorbells for VMMs, keyed by VMM id, through a {@link DoorbellSink}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #ring} never blocks the caller and never fails for a Kafka problem;</li>
 *   <li>per VMM at most one send is in flight; rings while a send is pending are absorbed, rings
 *       while a send is unacknowledged cause exactly one more send after it (see {@link RingCoalescer});</li>
 *   <li>a failed send is sent again after an exponential back-off, never dropped; while Kafka is
 *       unreachable only the set of VMM ids is held, so memory is bounded by the number of VMMs;</li>
 *   <li>{@link #close} flushes until a deadline and reports what it could not send.</li>
 * </ul>
 * One daemon thread hands READY VMMs to the sink (a Kafka send can block on metadata; the caller
 * of {@code ring} must not).
 */
public final class DoorbellPublisher implements Doorbell, AutoCloseable {

    /** Counter: rings asked for. */
    public static final String RINGS = "doorbell.publisher.rings";
    /** Counter: rings coalesced into one already pending for the VMM. */
    public static final String COALESCED = "doorbell.publisher.coalesced";
    /** Counter: doorbells sent to Kafka. */
    public static final String SENDS = "doorbell.publisher.sends";
    /** Counter: sends that failed (retried). */
    public static final String SEND_FAILURES = "doorbell.publisher.send.failures";
    /** Timer: send to acknowledgement. */
    public static final String SEND_LATENCY = "doorbell.publisher.send.latency";
    /** Gauge: VMMs with a ring pending. */
    public static final String PENDING = "doorbell.publisher.pending";

    private static final Logger LOG = LoggerFactory.getLogger(DoorbellPublisher.class);
    private static final UUID STOP = new UUID(0, 0);

    private final DoorbellSink sink;
    private final PublisherConfig config;
    private final Clock clock;
    private final RingCoalescer coalescer = new RingCoalescer();
    private final LinkedBlockingQueue<UUID> ready = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService retries;
    private final Thread sender;
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Condition drained = drainLock.newCondition();
    private volatile boolean closed;

    private final Counter rings;
    private final Counter coalesced;
    private final Counter sends;
    private final Counter sendFailures;
    private final Timer sendLatency;

    /** A publisher ringing on Kafka as {@code producer} says, with meters of its own and the system clock. */
    public static DoorbellPublisher toKafka(DoorbellProducerConfig producer, PublisherConfig config) {
        return toKafka(producer, config, new SimpleMeterRegistry());
    }

    /** A publisher ringing on Kafka as {@code producer} says, counting in {@code meters}, on the system clock. */
    public static DoorbellPublisher toKafka(DoorbellProducerConfig producer, PublisherConfig config, MeterRegistry meters) {
        return new DoorbellPublisher(new KafkaDoorbellSink(producer), config, meters, Clock.systemUTC());
    }

    public DoorbellPublisher(DoorbellSink sink, PublisherConfig config, MeterRegistry meters, Clock clock) {
        this.sink = sink;
        this.config = config;
        this.clock = clock;
        this.rings = meters.counter(RINGS);
        this.coalesced = meters.counter(COALESCED);
        this.sends = meters.counter(SENDS);
        this.sendFailures = meters.counter(SEND_FAILURES);
        this.sendLatency = meters.timer(SEND_LATENCY);
        meters.gauge(PENDING, coalescer, RingCoalescer::size);
        this.retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("doorbell-retry").factory());
        this.sender = Thread.ofPlatform().daemon().name("doorbell-sender").start(this::sendLoop);
    }

    /** Rings the doorbell of {@code vmmId} with this publisher's default source. */
    @Override
    public void ring(UUID vmmId) {
        ring(vmmId, config.defaultSource());
    }

    /**
     * Rings the doorbell of {@code vmmId}. Never blocks.
     *
     * @throws IllegalStateException if the publisher is closed
     */
    public void ring(UUID vmmId, DoorbellSource source) {
        if (closed) {
            throw new IllegalStateException("doorbell publisher is closed");
        }
        rings.increment();
        OutgoingDoorbell doorbell = new OutgoingDoorbell(vmmId, source, config.sledId(), nowMicros(), 1);
        switch (coalescer.ring(doorbell)) {
            case QUEUED -> ready.add(vmmId);
            case MARKED_DIRTY -> { }
            case ABSORBED -> coalesced.increment();
        }
    }

    /** VMMs rung and not yet acknowledged. */
    public int pendingCount() {
        return coalescer.size();
    }

    /** Waits up to {@code timeout} until every ring so far is acknowledged. Returns whether it is. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        drainLock.lock();
        try {
            while (!coalescer.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return coalescer.isEmpty();
        } finally {
            drainLock.unlock();
        }
    }

    /** Stops accepting rings, flushes until {@code timeout}, closes the sink and reports what was not sent. */
    public CloseReport close(Duration timeout) {
        long start = System.nanoTime();
        closed = true;
        flush(timeout);
        CloseReport report = new CloseReport(coalescer.snapshot());
        ready.add(STOP);
        retries.shutdownNow();
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        sink.close(left.isNegative() ? Duration.ZERO : left);
        if (!report.complete()) {
            LOG.atWarn().addKeyValue("unsent", report.unsent().size()).log("doorbell publisher closed with unsent doorbells");
        }
        return report;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void sendLoop() {
        try {
            while (true) {
                UUID vmmId = ready.take();
                if (vmmId == STOP) {
                    return;
                }
                coalescer.startSend(vmmId).ifPresent(this::send);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OutgoingDoorbell doorbell) {
        sends.increment();
        long started = System.nanoTime();
        try {
            sink.send(doorbell).whenComplete((ok, error) -> {
                if (error == null) {
                    sendLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    onAcknowledged(doorbell.vmmId());
                } else {
                    onFailed(doorbell.vmmId(), error);
                }
            });
        } catch (RuntimeException e) {
            onFailed(doorbell.vmmId(), e);
        }
    }

    private void onAcknowledged(UUID vmmId) {
        if (coalescer.acknowledged(vmmId)) {
            ready.add(vmmId);
        } else {
            signalIfDrained();
        }
    }

    private void onFailed(UUID vmmId, Throwable error) {
        sendFailures.increment();
        if (!coalescer.failed(vmmId)) {
            return;
        }
        Duration backoff = config.backoffAfter(coalescer.failures(vmmId));
        LOG.atDebug().addKeyValue("vmm", vmmId).addKeyValue("backoffMs", backoff.toMillis())
                .log("doorbell send failed, will retry: {}", error.toString());
        if (closed && retries.isShutdown()) {
            return;
        }
        try {
            retries.schedule(() -> ready.add(vmmId), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: the VMM stays in the coalescing set and is reported as unsent.
        }
    }

    private void signalIfDrained() {
        if (coalescer.isEmpty()) {
            drainLock.lock();
            try {
                drained.signalAll();
            } finally {
                drainLock.unlock();
            }
        }
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
