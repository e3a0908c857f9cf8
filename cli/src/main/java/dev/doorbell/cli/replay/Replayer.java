package dev.doorbell.cli.replay;

import dev.doorbell.kafka.TopicRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads what a {@link ReplayPlan} asks for and hands each record, decoded, to a sink.
 *
 * <p>Contract: no consumer group is joined and no offset is committed (see {@link ReplayClientConfig}); a
 * bounded replay (no {@code follow}) ends at the end each partition had when it started, or at {@code to}; a
 * following replay runs until {@link #stop()}. With {@code merge}, records up to that end are collected and
 * handed over in timestamp order (ties: in the plan's topic order), later ones in timestamp order per poll —
 * which is why merging needs a VMM: one VMM's history fits in memory. {@code run} is called at most once;
 * {@code stop} may be called from any thread (a shutdown hook on Ctrl-C).
 */
public final class Replayer {

    private static final Duration POLL = Duration.ofMillis(200);

    private final ReplayClientConfig clients;
    private final RecordDecoder decoder;
    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public Replayer(ReplayClientConfig clients, RecordDecoder decoder) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** Ends a running replay soon (its {@link #run} returns normally), or the next one at once. */
    public void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Replays {@code plan} into {@code sink}.
     *
     * @return how many records reached the sink
     * @throws ReplayException when a topic does not exist, the broker or registry does not answer, or
     *     {@code partition:offset} names a partition the replay cannot read
     */
    public long run(ReplayPlan plan, Consumer<ReplayedRecord> sink) {
        Map<String, Integer> partitionCounts = describe(plan.topics());
        List<TopicPartition> partitions = partitions(plan, partitionCounts);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clients.consumerProperties())) {
            consumer = c;
            if (stopped) {
                return 0;
            }
            return read(plan, c, partitions, sink);
        } catch (WakeupException e) {
            return 0; // stopped while resolving offsets
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw new ReplayException("cannot read from Kafka at " + clients.bootstrapServers() + ": " + e.getMessage(), e);
        } finally {
            consumer = null;
        }
    }

    private long read(ReplayPlan plan, KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions,
                      Consumer<ReplayedRecord> sink) {
        Map<TopicPartition, Long> beginnings = c.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, Long> stops = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> fromTimes = plan.from().orElse(null) instanceof Position.AtTime t ? times(c, partitions, t) : Map.of();
        Map<TopicPartition, OffsetAndTimestamp> toTimes = plan.to().orElse(null) instanceof Position.AtTime t ? times(c, partitions, t) : Map.of();
        for (TopicPartition tp : partitions) {
            long begin = beginnings.get(tp);
            long end = ends.get(tp);
            long start = switch (plan.from().orElse(null)) {
                case null -> begin;
                case Position.AtTime ignored -> offsetOr(fromTimes.get(tp), end);
                case Position.AtOffset o -> Math.min(Math.max(o.offset(), begin), end);
            };
            long stop = switch (plan.to().orElse(null)) {
                case null -> end;
                case Position.AtTime ignored -> offsetOr(toTimes.get(tp), end);
                case Position.AtOffset o -> Math.min(o.offset(), end);
            };
            starts.put(tp, start);
            stops.put(tp, stop);
        }
        return new Loop(plan, c, starts, stops, sink).run();
    }

    /** The poll loop of one run: state that lives only as long as it. */
    private final class Loop {
        private final ReplayPlan plan;
        private final KafkaConsumer<byte[], byte[]> c;
        private final TopicRange<byte[], byte[]> range;
        private final Consumer<ReplayedRecord> sink;
        private final byte[] vmmKey;
        private final List<ReplayedRecord> mergeBuffer = new ArrayList<>();
        private final Comparator<ReplayedRecord> timeOrder;
        private long emitted;

        Loop(ReplayPlan plan, KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> stops,
             Consumer<ReplayedRecord> sink) {
            this.plan = plan;
            this.c = c;
            this.range = plan.follow() ? TopicRange.following(c, starts, stops) : TopicRange.of(c, starts, stops);
            this.sink = sink;
            this.vmmKey = plan.vmm().map(VmmPartition::key).orElse(null);
            this.timeOrder = Comparator.comparing(ReplayedRecord::timestamp)
                    .thenComparingInt(r -> plan.topics().indexOf(r.topic()))
                    .thenComparingInt(ReplayedRecord::partition)
                    .thenComparingLong(ReplayedRecord::offset);
        }

        long run() {
            long lastProgress = System.nanoTime();
            Map<TopicPartition, Long> lastPositions = new HashMap<>();
            try {
                while (!stopped && !limitReached() && (plan.follow() || !range.isDone())) {
                    boolean wasCatchingUp = !range.isDone();
                    List<ReplayedRecord> batch = new ArrayList<>();
                    for (ConsumerRecord<byte[], byte[]> record : range.poll(POLL)) {
                        if (vmmKey == null || Arrays.equals(vmmKey, record.key())) {
                            batch.add(decoder.decode(record));
                        }
                    }
                    for (TopicPartition tp : range.unfinished()) {
                        long position = c.position(tp);
                        if (!Long.valueOf(position).equals(lastPositions.put(tp, position))) {
                            lastProgress = System.nanoTime();
                        }
                    }
                    hand(batch, wasCatchingUp);
                    if (!range.isDone() && System.nanoTime() - lastProgress > clients.timeout().toNanos()) {
                        throw new ReplayException("no progress reading " + range.unfinished() + " for " + seconds(clients.timeout())
                                + ": is Kafka at " + clients.bootstrapServers() + " still up?");
                    }
                }
            } catch (WakeupException e) {
                // stopped (Ctrl-C): show what was read
            }
            flushMerge();
            return emitted;
        }

        private void hand(List<ReplayedRecord> batch, boolean wasCatchingUp) {
            if (!plan.merge()) {
                batch.forEach(this::emit);
                return;
            }
            mergeBuffer.addAll(batch);
            if (!wasCatchingUp || range.isDone()) {
                flushMerge();
            }
        }

        private void flushMerge() {
            mergeBuffer.sort(timeOrder);
            mergeBuffer.forEach(this::emit);
            mergeBuffer.clear();
        }

        private void emit(ReplayedRecord record) {
            if (!limitReached()) {
                sink.accept(record);
                emitted++;
            }
        }

        private boolean limitReached() {
            return plan.limit().isPresent() && emitted >= plan.limit().getAsLong();
        }
    }

    private Map<String, Integer> describe(List<String> topics) {
        try (Admin admin = Admin.create(clients.adminProperties())) {
            Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics).topicNameValues();
            Map<String, Integer> counts = new HashMap<>();
            for (String topic : topics) {
                try {
                    counts.put(topic, futures.get(topic).get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .partitions().size());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new ReplayException("no such topic: '" + topic + "' on " + clients.bootstrapServers());
                    }
                    if (e.getCause() instanceof TimeoutException) {
                        throw unreachable(e.getCause());
                    }
                    throw new ReplayException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw unreachable(e);
                }
            }
            return counts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while describing " + topics, e);
        } catch (KafkaException e) {
            throw new ReplayException("cannot reach Kafka at " + clients.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private static List<TopicPartition> partitions(ReplayPlan plan, Map<String, Integer> counts) {
        List<TopicPartition> result = new ArrayList<>();
        for (String topic : plan.topics()) {
            int count = counts.get(topic);
            Integer vmmPartition = plan.vmm().map(vmm -> VmmPartition.of(vmm, count)).orElse(null);
            Integer named = plan.namedPartition().orElse(null);
            if (named != null && named >= count) {
                throw new ReplayException("topic '" + topic + "' has no partition " + named + " (it has " + count + ")");
            }
            if (named != null && vmmPartition != null && !named.equals(vmmPartition)) {
                throw new ReplayException("VMM " + plan.vmm().orElseThrow() + " is in partition " + vmmPartition + " of '" + topic
                        + "', not in partition " + named);
            }
            if (vmmPartition != null || named != null) {
                result.add(new TopicPartition(topic, vmmPartition != null ? vmmPartition : named));
            } else {
                for (int p = 0; p < count; p++) {
                    result.add(new TopicPartition(topic, p));
                }
            }
        }
        return result;
    }

    private static Map<TopicPartition, OffsetAndTimestamp> times(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions,
                                                                 Position.AtTime at) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, at.instant().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        Map<TopicPartition, OffsetAndTimestamp> result = new HashMap<>();
        found.forEach((tp, offset) -> {
            if (offset != null) {
                result.put(tp, offset);
            }
        });
        return result;
    }

    /** No record at or after the time: the partition's end. */
    private static long offsetOr(OffsetAndTimestamp found, long end) {
        return found == null ? end : Math.min(found.offset(), end);
    }

    private ReplayException unreachable(Throwable cause) {
        return new ReplayException("Kafka at " + clients.bootstrapServers() + " did not answer within " + seconds(clients.timeout()), cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
