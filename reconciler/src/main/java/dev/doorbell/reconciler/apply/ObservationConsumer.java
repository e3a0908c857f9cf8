package dev.doorbell.reconciler.apply;

import dev.doorbell.model.Backoff;
import dev.doorbell.observation.AppliedMark;
import dev.doorbell.reconciler.apply.ObservationDeadLetters.DeadLetterFailure;
import dev.doorbell.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code vmm.states} on its own thread and applies each poll's records in one database
 * transaction.
 *
 * <p>Contract: offsets are committed only after the database has committed the batch (and after
 * the batch's dead letters are acknowledged), so every record is applied at least once; the
 * generation guards make the repeats harmless. They are committed on a clock
 * ({@link ObservationConsumerConfig#commitInterval()}, asynchronously), before partitions are
 * revoked and on close ({@link OffsetCommits}), not after every batch. A record whose value cannot be read goes to the
 * dead-letter topic with its key and value bytes as they were and the reason in headers, and the
 * consumer goes on. So does a record whose observation the database refuses for its data — a
 * non-transient error, SQLState class {@code 22} or {@code 23} (see {@link ApplyStep}, shared with
 * the rebuild): the batch is then applied one observation per transaction and exactly the
 * observations that fail so are dead-lettered with reason {@code apply-failed}, before the offsets
 * are committed. An
 * observation the applier refuses whole (see {@link ObservationApplier}) is dead-lettered too,
 * before the offsets are committed, with the {@link RefusalReason#wireName()} as reason:
 * {@code unknown-vmm} (no VMM row: only the control plane creates them), {@code unknown-migration},
 * {@code self-migration}, {@code not-migration-source}, {@code not-migration-target}; each is
 * counted in {@code doorbell.reconciler.observations.refused{reason}}. A transient failure — the database ({@link SQLException}), the registry
 * ({@link RegistryUnavailableException}) or the dead-letter producer — commits nothing: the same
 * batch is retried with exponential backoff until it succeeds or the consumer is closed. While it
 * waits, the consumer's partitions are paused and it keeps polling, so it stays in its group; if
 * the group rebalances meanwhile, the batch is dropped and the partitions it still owns are sought
 * back to the batch's first offsets. A record marked applied by a state fetcher ({@link AppliedMark}: the fetcher's
 * {@link ApplyAhead} committed it before publishing) is skipped undecoded and its offset committed with the rest; a
 * rebuild ({@link ObservationRebuild}) applies it like any other.
 */
public final class ObservationConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationConsumer.class);
    /** The skip reason of a record a state fetcher applied before publishing it. */
    public static final String APPLIED_AHEAD = "applied-ahead";

    private final ObservationConsumerConfig config;
    private final ApplyStep step;
    private final ObservationReader reader;
    private final CommitLatency latency;
    private final ApplierMetrics metrics;
    private final Consumer<byte[], byte[]> consumer;
    private final ObservationDeadLetters deadLetters;
    private final KafkaClientMetrics clientMetrics;
    private final OffsetCommits commits;
    private final Thread thread;
    private volatile boolean running;
    private volatile Throwable failure;
    // touched on the consumer thread only (the rebalance listener runs inside poll)
    private boolean retrying;
    private boolean rebalanced;

    public ObservationConsumer(ObservationConsumerConfig config, ObservationApplier applier, ObservationReader reader,
                               MeterRegistry meters) {
        this.config = config;
        this.step = new ApplyStep(applier);
        this.reader = reader;
        this.metrics = new ApplierMetrics(meters);
        this.latency = new CommitLatency(meters, Clock.systemUTC());
        this.consumer = new KafkaConsumer<>(config.consumerProperties());
        this.deadLetters = new ObservationDeadLetters(new KafkaProducer<>(config.deadLetterProducerProperties()),
                config.deadLetterTopic(), metrics);
        this.clientMetrics = new KafkaClientMetrics(consumer); // includes records-lag-max
        this.commits = new OffsetCommits(consumer, config.commitInterval(), System::nanoTime);
        this.clientMetrics.bindTo(meters);
        this.thread = new Thread(this::run, "doorbell-observation-consumer");
    }

    /** Starts consuming on the consumer's own thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread.start();
    }

    /** Whether the loop is alive: false before {@link #start()}, after {@link #close()} or after a fatal error. */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** The error that stopped the loop, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops the loop (an in-flight batch is not committed, so it is applied again later) and closes the clients. */
    @Override
    public void close() {
        boolean started;
        synchronized (this) {
            started = thread.isAlive();
            running = false;
        }
        consumer.wakeup();
        if (started) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeClients();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.topic()), new Listener());
            Backoff backoff = new Backoff(config.retryBackoff(), config.maxRetryBackoff());
            int failures = 0; // of the pending batch, in a row
            List<ConsumerRecord<byte[], byte[]>> pending = null;
            while (running) {
                if (pending == null) {
                    commits.commitIfDue();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
                    if (records.isEmpty()) {
                        continue;
                    }
                    pending = new ArrayList<>(records.count());
                    records.forEach(pending::add);
                    deadLetters.nextBatch();
                }
                try {
                    process(pending);
                    pending = null;
                    failures = 0;
                    if (retrying) {
                        retrying = false;
                        consumer.resume(consumer.paused());
                    }
                } catch (SQLException | RegistryUnavailableException | DeadLetterFailure e) {
                    metrics.retried();
                    Duration wait = backoff.delay(++failures);
                    LOG.atWarn().setMessage("batch not applied; retrying").addKeyValue("records", pending.size())
                            .addKeyValue("waitMillis", wait.toMillis()).addKeyValue("error", e.toString()).log();
                    if (waitOut(wait, pending)) {
                        pending = null;
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.atError().setMessage("observation consumer stopped").setCause(e).log();
        } finally {
            running = false;
            commitOnClose();
            closeClients();
        }
    }

    /** Commits what the database has applied before the consumer leaves; a failure only means repeats later. */
    private void commitOnClose() {
        try {
            commits.commitAll();
        } catch (RuntimeException e) {
            LOG.atInfo().setMessage("offsets not committed on close").addKeyValue("error", e.toString()).log();
        }
    }

    /**
     * Waits with the partitions paused, polling so the group keeps the consumer. Returns true if
     * the batch had to be dropped because the group rebalanced (its partitions sought back).
     */
    private boolean waitOut(Duration wait, List<ConsumerRecord<byte[], byte[]>> pending) {
        retrying = true;
        rebalanced = false;
        consumer.pause(consumer.assignment());
        ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(wait);
        Map<TopicPartition, Long> seekTo = new HashMap<>();
        unexpected.forEach(r -> seekTo.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min));
        if (rebalanced) {
            for (ConsumerRecord<byte[], byte[]> r : pending) {
                seekTo.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
        }
        Set<TopicPartition> assigned = consumer.assignment();
        seekTo.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
        if (rebalanced) {
            retrying = false;
            consumer.resume(consumer.paused());
            return true;
        }
        return false;
    }

    private void process(List<ConsumerRecord<byte[], byte[]>> records) throws SQLException, DeadLetterFailure {
        List<ConsumerRecord<byte[], byte[]>> unapplied = notAppliedAhead(records);
        if (unapplied.isEmpty()) {
            commits.applied(records);
            return;
        }
        DecodedBatch batch = DecodedBatch.read(reader, unapplied);
        deadLetters.send(batch.rejected());
        long started = System.nanoTime();
        ApplyResult result = step.apply(batch.observations());
        latency.committed(batch.observations(), batch.firstRungAt(), batch.publishedAt());
        deadLetters.send(ObservationDeadLetters.refused(result.refusals(), batch.sources()));
        metrics.applied(result, records.size(), Duration.ofNanos(System.nanoTime() - started));
        batch.skipped().forEach(metrics::skipped);
        commits.applied(records);
    }

    /**
     * The records to apply: all but those a state fetcher applied before publishing ({@link AppliedMark}), which are
     * counted as skipped with reason {@value #APPLIED_AHEAD} and not even decoded.
     */
    private List<ConsumerRecord<byte[], byte[]>> notAppliedAhead(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (AppliedMark.isMarked(record.headers())) {
                metrics.skipped(APPLIED_AHEAD);
            } else {
                out.add(record);
            }
        }
        return out;
    }

    private void closeClients() {
        try {
            clientMetrics.close();
        } catch (RuntimeException e) {
            LOG.debug("closing client metrics", e);
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            LOG.debug("closing consumer", e);
        }
        deadLetters.close();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commits.commitRevoked(partitions);
            if (!partitions.isEmpty()) {
                rebalanced = true;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retrying) { // keep waiting quietly: nothing may be returned from these before the batch is settled
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            commits.forget(partitions);
            rebalanced = true;
        }
    }
}
