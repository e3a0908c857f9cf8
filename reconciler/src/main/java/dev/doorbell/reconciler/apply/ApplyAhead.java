package dev.doorbell.reconciler.apply;

import dev.doorbell.schemas.avro.VmmStateObservation;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies observations before they are published: the state fetcher's answers, when the fetcher applies them itself
 * ({@code fetcher --apply-ahead}), so a change reaches the database one Kafka hop after its ring instead of two. The same
 * {@link ObservationApplier} and generation guards as the reconciler's, on a thread of its own: whatever was handed
 * over while a transaction ran, or within a short linger after the first answers ({@link #DEFAULT_LINGER}), is applied
 * together in one transaction.
 *
 * <p>Contract: {@link #apply} returns at once; its future completes with the VMMs whose observation the database
 * committed. An observation this reader cannot interpret, one the screen refuses (no row, a migration side that is not
 * the VMM's) and every observation of a transaction that failed are left out: the fetcher publishes those unmarked and
 * the reconciler applies, retries or dead-letters them as it does every record, so nothing is lost and no failure is
 * retried here. Times come from the observations, as in the reconciler, so the record published later writes the same
 * row if it is ever applied again (a rebuild). Ring → commit and change → commit are recorded as the reconciler records
 * them (no published → commit: nothing was published yet).
 */
public final class ApplyAhead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyAhead.class);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    /**
     * How long the first answers handed over wait for more before their transaction starts, as shipped: a transaction per
     * one or two answers cost more than the reconciler's batches of six (measured in docs/PERFORMANCE.md).
     */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(ApplyAhead.DEFAULT_LINGER_MS);

    /** {@link #DEFAULT_LINGER} in milliseconds. */
    public static final int DEFAULT_LINGER_MS = 0;

    private final ObservationApplier applier;
    private final Duration linger;
    private final ApplierMetrics metrics;
    private final CommitLatency latency;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastWarningNanos = System.nanoTime() - WARNING_INTERVAL.toNanos();

    private record Request(List<VmmStateObservation> observations, CompletableFuture<Set<UUID>> done) {}

    /** Starts the applying thread, lingering {@link #DEFAULT_LINGER}; {@code meters} gets the reconciler's apply meters ({@link ApplierMetrics}). */
    public ApplyAhead(ObservationApplier applier, MeterRegistry meters) {
        this(applier, meters, DEFAULT_LINGER);
    }

    /** @param linger how long the first answers handed over wait for more before their transaction starts (0: not at all) */
    public ApplyAhead(ObservationApplier applier, MeterRegistry meters, Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative: " + linger);
        }
        this.applier = applier;
        this.linger = linger;
        this.metrics = new ApplierMetrics(meters);
        this.latency = new CommitLatency(meters, Clock.systemUTC());
        this.thread = new Thread(this::run, "doorbell-apply-ahead");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code observations} for the next transaction; the future completes with the VMMs it committed. */
    public CompletableFuture<Set<UUID>> apply(List<VmmStateObservation> observations) {
        Request request = new Request(List.copyOf(observations), new CompletableFuture<>());
        if (!running) {
            request.done().complete(Set.of());
            return request.done();
        }
        queue.add(request);
        return request.done();
    }

    private void run() {
        List<Request> requests = new ArrayList<>();
        while (running) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                requests.add(first);
                gather(requests);
                applyTogether(requests);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) { // completes its requests unapplied; the thread goes on
                LOG.atError().setMessage("applying ahead failed").setCause(e).log();
            } finally {
                requests.forEach(r -> r.done().complete(Set.of())); // no-op for those already completed
                requests.clear();
            }
        }
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(r -> r.done().complete(Set.of()));
    }

    /** Adds what is handed over within the linger after the first request, and whatever waits then. */
    private void gather(List<Request> requests) throws InterruptedException {
        long deadline = System.nanoTime() + linger.toNanos();
        for (long left = linger.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Request more = queue.poll(left, TimeUnit.NANOSECONDS);
            if (more == null) {
                break;
            }
            requests.add(more);
        }
        queue.drainTo(requests);
    }

    /** One transaction for every observation of {@code requests} that reads as one; each request learns which of its VMMs it committed. */
    private void applyTogether(List<Request> requests) {
        List<Observation> batch = new ArrayList<>();
        List<Optional<Instant>> firstRungAt = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            for (VmmStateObservation avro : requests.get(r).observations()) {
                if (ObservationReader.interpret(avro) instanceof ObservationReading.Read read) {
                    batch.add(read.observation());
                    firstRungAt.add(read.firstRungAt());
                    owner.add(r);
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        ApplyResult result;
        try {
            result = applier.apply(batch);
        } catch (SQLException | RuntimeException e) {
            warn(batch.size(), e);
            return; // the finally of run() completes them unapplied: the reconciler applies them
        }
        metrics.appliedAhead(result, batch.size(), Duration.ofNanos(System.nanoTime() - started));
        Set<Integer> refused = new HashSet<>();
        result.refusals().forEach(refusal -> refused.add(refusal.index()));
        List<Set<UUID>> committed = new ArrayList<>();
        requests.forEach(r -> committed.add(new HashSet<>()));
        List<Observation> taken = new ArrayList<>(batch.size());
        List<Optional<Instant>> takenRungAt = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!refused.contains(i)) {
                committed.get(owner.get(i)).add(batch.get(i).vmmId());
                taken.add(batch.get(i));
                takenRungAt.add(firstRungAt.get(i));
            }
        }
        // the refused are measured by the reconciler, which reads them later; nothing here was published yet
        latency.committed(taken, takenRungAt, Collections.nCopies(taken.size(), Optional.empty()));
        for (int r = 0; r < requests.size(); r++) {
            requests.get(r).done().complete(Set.copyOf(committed.get(r)));
        }
    }

    private void warn(int observations, Exception e) {
        long now = System.nanoTime();
        if (now - lastWarningNanos >= WARNING_INTERVAL.toNanos()) {
            lastWarningNanos = now;
            LOG.atWarn().setMessage("observations not applied ahead; the reconciler will apply them from vmm.states")
                    .addKeyValue("observations", observations).addKeyValue("error", e.toString()).log();
        }
    }

    /** Stops the thread; what is still queued completes unapplied (published unmarked, for the reconciler). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
