package dev.doorbell.cli.fleet;

import dev.doorbell.assembly.StageBuckets;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.cli.stack.StatusStages;
import dev.doorbell.topics.PipelineTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The status line of a fleet, from outside its processes: every fetcher's and reconciler's {@code /metrics}
 * (rings, fetches, applied, every {@link StageHistogram}'s buckets summed over the processes that serve it), the lag of
 * each consumer group and which process owns which partitions (from the broker: committed offsets, end offsets and the
 * groups' members; a member is matched to its process by the Kafka client ids in that process's metrics). The p99s
 * over the interval are {@link StatusStages#p99} of the summed buckets.
 */
public final class FleetStatus implements AutoCloseable {

    static final String RINGS = "doorbell_fetcher_rings_consumed_total";
    static final String FETCHES = "doorbell_fetcher_fetches_started_total";
    static final String APPLIED = "doorbell_reconciler_observations_applied_total";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final Fleet fleet;
    private final Admin admin;
    private final String fetcherGroup;
    private final String reconcilerGroup;
    private final PipelineTopics topics;

    public FleetStatus(Fleet fleet, String bootstrapServers, String fetcherGroup, String reconcilerGroup, PipelineTopics topics) {
        this.fleet = fleet;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
        this.fetcherGroup = fetcherGroup;
        this.reconcilerGroup = reconcilerGroup;
        this.topics = topics;
    }

    /**
     * Cumulative values at one moment.
     *
     * @param stages     the stage histograms, summed over fetchers and over reconcilers
     * @param owners     process name → the partitions it owns, per topic ({@code doorbells 0,2,4})
     * @param down       components not running
     */
    public record Sample(long nanos, double rings, double fetches, double applied, StageBuckets stages,
                         long doorbellLag, long statesLag, Map<String, String> owners, List<String> down) {
    }

    public Sample sample() {
        Map<String, PrometheusText> metrics = new HashMap<>();
        List<String> down = new ArrayList<>();
        for (ComponentProcess component : fleet.components()) {
            if (!component.isAlive()) {
                down.add(component.name());
            } else if (!component.spec().role().equals("sled")) {
                PrometheusText.scrape(component.spec().baseUrl()).ifPresent(text -> metrics.put(component.name(), text));
            }
        }
        StageBuckets stages = StageBuckets.of(h -> buckets(metrics, h.prometheusBuckets()));
        Map<String, String> clientToProcess = clientIds(metrics);
        Map<String, String> owners = new TreeMap<>();
        owners.putAll(owners(fetcherGroup, topics.doorbells(), clientToProcess));
        owners.putAll(owners(reconcilerGroup, topics.states(), clientToProcess));
        return new Sample(System.nanoTime(), sum(metrics, RINGS), sum(metrics, FETCHES), sum(metrics, APPLIED), stages,
                lag(fetcherGroup, topics.doorbells()), lag(reconcilerGroup, topics.states()), owners, down);
    }

    /** One line describing what happened between {@code before} and {@code now}. */
    public static String line(Sample before, Sample now) {
        double seconds = Math.max(1e-3, (now.nanos() - before.nanos()) / 1e9);
        String line = String.format(Locale.ROOT,
                "rings/s %7.1f | fetches/s %7.1f | applied/s %7.1f | lag fetchers %s, reconcilers %s | %s",
                rate(before.rings(), now.rings(), seconds), rate(before.fetches(), now.fetches(), seconds),
                rate(before.applied(), now.applied(), seconds), lag(now.doorbellLag()), lag(now.statesLag()),
                StatusStages.p99(before.stages(), now.stages()));
        return now.down().isEmpty() ? line : line + " | down: " + String.join(", ", now.down());
    }

    /** Who owns which partitions: {@code fetcher-1 doorbells 0,2,4 | ...}; empty while no group has members. */
    public static String split(Sample sample) {
        return sample.owners().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" | "));
    }

    /** A histogram's cumulative buckets (upper bound in seconds → count), summed over processes. */
    private static NavigableMap<Double, Double> buckets(Map<String, PrometheusText> metrics, String name) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (PrometheusText text : metrics.values()) {
            for (PrometheusText.Sample s : text.named(name)) {
                buckets.merge(upperBound(s.labels().get("le")), s.value(), Double::sum);
            }
        }
        return buckets;
    }

    private static double upperBound(String le) {
        return le == null || le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static double sum(Map<String, PrometheusText> metrics, String name) {
        return metrics.values().stream().mapToDouble(text -> text.sum(name)).sum();
    }

    /** Kafka client id → the process whose metrics carry it (every Kafka client metric has a client_id label). */
    private static Map<String, String> clientIds(Map<String, PrometheusText> metrics) {
        Map<String, String> owners = new HashMap<>();
        metrics.forEach((process, text) -> text.samples().forEach(s -> {
            String client = s.labels().get("client_id");
            if (client != null) {
                owners.putIfAbsent(client, process);
            }
        }));
        return owners;
    }

    /** Process name → "topic p,q,..." for the members of {@code group}. */
    private Map<String, String> owners(String group, String topic, Map<String, String> clientToProcess) {
        Map<String, List<Integer>> partitions = new TreeMap<>();
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (MemberDescription member : description.members()) {
                String owner = clientToProcess.getOrDefault(member.clientId(), "(no live process: " + member.clientId() + ")");
                member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> partitions.computeIfAbsent(owner, o -> new ArrayList<>()).add(tp.partition()));
            }
        } catch (ExecutionException | TimeoutException e) {
            return Map.of(group, "unknown (" + (e.getCause() == null ? e : e.getCause()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        Map<String, String> described = new TreeMap<>();
        partitions.forEach((owner, list) -> described.put(owner, topic + " " + list.stream().sorted().map(String::valueOf)
                .collect(Collectors.joining(","))));
        return described;
    }

    /** Records of {@code topic} not yet committed by {@code group}, over all partitions; -1 when unknown. */
    private long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> ends.put(tp, OffsetSpec.latest()));
            if (ends.isEmpty()) {
                return -1;
            }
            var latest = admin.listOffsets(ends).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (TopicPartition tp : ends.keySet()) {
                OffsetAndMetadata at = committed.get(tp);
                lag += Math.max(0, latest.get(tp).offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double rate(double before, double now, double seconds) {
        return Math.max(0, now - before) / seconds;
    }

    private static String lag(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }
}
