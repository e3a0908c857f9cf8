package dev.doorbell.cli.inspect;

import dev.doorbell.cli.replay.RecordDecoder;
import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.cli.replay.ReplayException;
import dev.doorbell.cli.replay.ReplayedRecord;
import dev.doorbell.cli.replay.VmmPartition;
import dev.doorbell.kafka.TopicRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the newest records of one VMM from the tail of the one partition its key hashes to (as the producers'
 * default partitioner picks it, {@link VmmPartition}), without a consumer group: windows of the partition are read
 * backwards from its end with {@link TopicRange}, each window four times the last, until enough of the VMM's records
 * are found, the partition's beginning is reached or {@code maxScan} records were read; the two topics' partitions side by
 * side. Never throws: a broker or registry that does not answer is a {@link TopicsView.Unreadable}.
 */
final class VmmTopicTail {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long FIRST_WINDOW = 500;

    private final ReplayClientConfig clients;
    private final RecordDecoder decoder;
    private final long maxScan;

    VmmTopicTail(ReplayClientConfig clients, RecordDecoder decoder, long maxScan) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.maxScan = maxScan;
    }

    /**
     * The newest observation on {@code statesTopic} and the {@code rings} newest rings on {@code doorbellsTopic}: the two
     * partitions are scanned side by side, each by its own consumer (the doorbells' on a virtual thread).
     */
    TopicsView read(UUID vmm, String statesTopic, String doorbellsTopic, int rings) {
        try (ExecutorService scans = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Newest> doorbellsScan = scans.submit(() -> scan(doorbellsTopic, vmm, rings));
            Newest states;
            try {
                states = scan(statesTopic, vmm, 1);
            } catch (RuntimeException e) {
                doorbellsScan.cancel(true);
                throw e;
            }
            Newest doorbells = join(doorbellsScan);
            return new TopicsView.Read(statesTopic, states.partition().partition(), states.records().stream().findFirst(),
                    doorbellsTopic, doorbells.partition().partition(), doorbells.records(), states.scanned() + doorbells.scanned());
        } catch (ReplayException e) {
            return new TopicsView.Unreadable(e.getMessage());
        } catch (TimeoutException e) {
            return new TopicsView.Unreadable("Kafka at " + clients.bootstrapServers() + " did not answer within "
                    + Durations.text(clients.timeout()));
        } catch (KafkaException e) {
            return new TopicsView.Unreadable("cannot read from Kafka at " + clients.bootstrapServers() + ": " + e.getMessage());
        }
    }

    /** Up to {@code wanted} of the VMM's newest records on {@code topic}, read by a consumer of its own. */
    private Newest scan(String topic, UUID vmm, int wanted) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumerProperties())) {
            return newest(consumer, partition(consumer, topic, vmm), vmm, wanted);
        }
    }

    /** The scan's result, or what it threw; an interrupted wait is Kafka's {@link InterruptException} (so: unreadable). */
    private static Newest join(Future<Newest> scan) {
        try {
            return scan.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the doorbells' scan failed", e.getCause());
        } catch (InterruptedException e) {
            scan.cancel(true);
            throw new InterruptException(e);
        }
    }

    private record Newest(TopicPartition partition, List<ReplayedRecord> records, long scanned) {
    }

    private TopicPartition partition(KafkaConsumer<byte[], byte[]> consumer, String topic, UUID vmm) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, clients.timeout());
        if (partitions == null || partitions.isEmpty()) {
            throw new ReplayException("no such topic: '" + topic + "' on " + clients.bootstrapServers());
        }
        return new TopicPartition(topic, VmmPartition.of(vmm, partitions.size()));
    }

    /** Up to {@code wanted} of the VMM's records in {@code tp}, newest first. */
    private Newest newest(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, UUID vmm, int wanted) {
        long begin = consumer.beginningOffsets(List.of(tp), clients.timeout()).get(tp);
        long stop = consumer.endOffsets(List.of(tp), clients.timeout()).get(tp);
        byte[] key = VmmPartition.key(vmm);
        List<ReplayedRecord> found = new ArrayList<>();
        long window = FIRST_WINDOW;
        long scanned = 0;
        while (found.size() < wanted && stop > begin && scanned < maxScan) {
            long start = Math.max(begin, stop - Math.min(window, maxScan - scanned));
            List<ReplayedRecord> inWindow = window(consumer, tp, start, stop, key);
            for (int i = inWindow.size() - 1; i >= 0 && found.size() < wanted; i--) {
                found.add(inWindow.get(i));
            }
            scanned += stop - start;
            stop = start;
            window *= 4;
        }
        return new Newest(tp, found, scanned);
    }

    /** The VMM's records among offsets [start, stop) of {@code tp}, oldest first. */
    private List<ReplayedRecord> window(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long start, long stop, byte[] key) {
        if (consumer.assignment().contains(tp)) {
            consumer.resume(List.of(tp)); // the range paused it when the previous window ended
        }
        TopicRange<byte[], byte[]> range = TopicRange.of(consumer, Map.of(tp, start), Map.of(tp, stop));
        List<ReplayedRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + clients.timeout().toNanos();
        long lastPosition = -1;
        while (!range.isDone()) {
            for (ConsumerRecord<byte[], byte[]> record : range.poll(POLL)) {
                if (Arrays.equals(key, record.key())) {
                    records.add(decoder.decode(record));
                }
            }
            long position = consumer.position(tp, clients.timeout());
            if (position != lastPosition) {
                lastPosition = position;
                deadline = System.nanoTime() + clients.timeout().toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new ReplayException("no progress reading " + tp + " for " + Durations.text(clients.timeout())
                        + ": is Kafka at " + clients.bootstrapServers() + " still up?");
            }
        }
        return records;
    }
}
