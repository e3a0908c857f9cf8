package dev.doorbell.reconciler.apply;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observation consumer's offset commits, on a clock instead of after every batch.
 *
 * <p>Each batch the database has committed is {@linkplain #applied noted}; the noted offsets reach
 * the group {@linkplain #commitIfDue at most once per interval}, asynchronously, and synchronously
 * before partitions are {@linkplain #commitRevoked revoked} and when the consumer
 * {@linkplain #commitAll closes}. So an offset is still never committed before its batch's
 * database transaction (every record is applied at least once), while a busy consumer sends one
 * commit a second instead of one per batch (0.12 commit requests per change at 1,000 changes/s
 * before) and no longer waits for the commit's round trip between batches. The price: a crash
 * re-applies up to one interval of batches, which the generation guards make harmless.
 *
 * <p>Used on the consumer's thread only (rebalance callbacks run inside its poll).
 */
final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<?, ?> consumer;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, OffsetAndMetadata> noted = new HashMap<>();
    private long lastCommitNanos;

    OffsetCommits(Consumer<?, ?> consumer, Duration interval, LongSupplier nanoTime) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.lastCommitNanos = nanoTime.getAsLong();
    }

    /** Notes the offsets after {@code records}, whose batch the database has committed. */
    void applied(List<? extends ConsumerRecord<?, ?>> records) {
        for (ConsumerRecord<?, ?> r : records) {
            noted.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), ""),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
    }

    /** Sends the noted offsets, without waiting, if an interval has passed since the last commit. */
    void commitIfDue() {
        long now = nanoTime.getAsLong();
        if (noted.isEmpty() || now - lastCommitNanos < intervalNanos) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(noted);
        noted.clear();
        lastCommitNanos = now;
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                // the database has the batches; a later commit covers these offsets, or a restart re-applies them harmlessly
                LOG.atInfo().setMessage("offsets not committed").addKeyValue("error", error.toString()).log();
            }
        });
    }

    /** Commits, and waits for, the noted offsets of {@code partitions} before they move to another member. */
    void commitRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = noted.remove(tp);
            if (offset != null) {
                offsets.put(tp, offset);
            }
        }
        commitSync(offsets);
    }

    /** Drops the noted offsets of partitions this member lost (another may own them already). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(noted::remove);
    }

    /** Commits, and waits for, every noted offset (the consumer is closing). */
    void commitAll() {
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(noted);
        noted.clear();
        commitSync(offsets);
    }

    /** Whether offsets are noted that no commit has carried yet. */
    boolean hasNoted() {
        return !noted.isEmpty();
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, SYNC_TIMEOUT);
            lastCommitNanos = nanoTime.getAsLong();
        } catch (CommitFailedException e) {
            // the partitions moved to another member, which starts from the last commit: it re-applies, harmlessly
            LOG.atInfo().setMessage("offsets not committed: partitions were reassigned").addKeyValue("error", e.toString()).log();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.atWarn().setMessage("offsets not committed").addKeyValue("error", e.toString()).log();
        }
    }
}
