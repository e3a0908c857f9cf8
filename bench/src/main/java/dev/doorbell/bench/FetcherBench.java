package dev.doorbell.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.SledRecord;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures, on real servers in one run: the {@link DoorbellPublisher}'s ring rate, the state
 * fetcher's ring-to-observation latency at several ring rates (with HTTP requests and fetches per
 * ring), and fetches per burst. Prints a table; nothing is asserted.
 *
 * <p>Usage: {@code FetcherBench [vmms=10000] [sleds=4] [rates=300,1000,5000] [seconds=15]}
 */
public final class FetcherBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int vmms = Integer.parseInt(opts.getOrDefault("vmms", "10000"));
        int sledCount = Integer.parseInt(opts.getOrDefault("sleds", "4"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        List<Integer> rates = Arrays.stream(opts.getOrDefault("rates", "300,1000,5000").split(",")).map(Integer::parseInt).toList();

        Path work = Files.createTempDirectory("doorbell-bench");
        try (LocalKafkaCluster kafka = LocalKafkaCluster.start(KafkaClusterConfig.single(work.resolve("kafka")));
             ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistryConfig.inMemory(work.resolve("registry")));
             SchemaRegistryClient registryClient = new SchemaRegistryClient(RegistryConfig.of(registry.ccompatUrl()))) {
            PipelineTopics topics = PipelineTopics.defaults();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                topics.ensure(admin, 6, (short) 1);
            }
            SchemaGovernance.registerHistory(registryClient, SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE));

            System.out.printf("# doorbell fetcher bench: %d VMMs on %d sleds, %d s per rate, JDK %s, %d cores%n", vmms, sledCount,
                    seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
            publisherThroughput(kafka.bootstrapServers(), vmms);

            List<SledSimulator> sleds = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            try (DirectoryPublisher directory = new DirectoryPublisher(kafka.bootstrapServers(), topics.sleds(), topics.placements(), Map.of())) {
                for (int s = 0; s < sledCount; s++) {
                    UUID sledId = UUID.randomUUID();
                    SledSimulator sled = SledSimulator.start(SledSimConfig.builder().sledId(sledId)
                            .stepping(SteppingMode.EXPLICIT, Duration.ZERO).build(), null);
                    sleds.add(sled);
                    directory.publishSled(new SledRecord(sledId, URI.create(sled.baseUrl()), List.of("1.0.0", "2.0.0"))).get();
                    for (int i = s; i < vmms; i += sledCount) {
                        UUID vmm = UUID.randomUUID();
                        sled.sled().ensure(vmm, EnsureRequest.of(UUID.randomUUID()));
                        sled.sled().request(vmm, StateRequest.of(RequestedState.RUNNING));
                        directory.publishPlacement(vmm, sledId);
                        ids.add(vmm);
                    }
                }
                directory.flush();
            }

            FetcherSettings settings = FetcherSettings.defaults();
            try (StateFetcher fetcher = StateFetcher.start(FetcherConfig.defaults(kafka.bootstrapServers(), registry.ccompatUrl(),
                    work.resolve("fetcher")).withSettings(settings));
                 ObservationWatcher watcher = new ObservationWatcher(kafka.bootstrapServers(), registryClient, topics.states());
                 DoorbellPublisher publisher = DoorbellPublisher.toKafka( new DoorbellProducerConfig(kafka.bootstrapServers(), topics.doorbells(), DoorbellProducerConfig.DEFAULT_LINGER_MS, Map.of()), PublisherConfig.forSled(UUID.randomUUID()))) {
                // Warm up every path (JIT, connections, metadata) before measuring.
                paced(publisher, ids, 500, Duration.ofSeconds(8), new SplittableRandom(1));
                publisher.flush(Duration.ofSeconds(30));
                watcher.awaitQuiet(Duration.ofSeconds(3));

                System.out.println();
                System.out.println("| rings/s offered | rings/s done | observations | p50 ms | p99 ms | p99.9 ms | max ms | one Kafka hop p50 / p99 ms (same run) | p50 / p99 vs hop | HTTP requests / ring | fetches / ring | bench JVM CPU ms / ring |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
                for (int rate : rates) {
                    Latencies hop = KafkaHopBaseline.measure(kafka.bootstrapServers(), rate, Duration.ofSeconds(Math.max(3, seconds / 3)));
                    MeterRegistry m = fetcher.meters();
                    double rings0 = m.counter(FetcherMetrics.RINGS_CONSUMED).count();
                    double requests0 = m.counter(FetcherMetrics.REQUESTS_SENT).count();
                    double fetches0 = m.counter(FetcherMetrics.FETCHES_STARTED).count();
                    long cpu0 = processCpuNanos();
                    Latencies latencies = watcher.measure();
                    long done = paced(publisher, ids, rate, Duration.ofSeconds(seconds), new SplittableRandom(rate));
                    publisher.flush(Duration.ofSeconds(60));
                    watcher.awaitQuiet(Duration.ofSeconds(3));
                    watcher.stopMeasuring();
                    double rings = m.counter(FetcherMetrics.RINGS_CONSUMED).count() - rings0;
                    double requests = m.counter(FetcherMetrics.REQUESTS_SENT).count() - requests0;
                    double fetches = m.counter(FetcherMetrics.FETCHES_STARTED).count() - fetches0;
                    double cpuMs = (processCpuNanos() - cpu0) / 1e6;
                    System.out.printf("| %d | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f× / %.1f× | %.3f | %.3f | %.3f |%n", rate,
                            done / (double) seconds, latencies.count(), latencies.millis(0.5), latencies.millis(0.99),
                            latencies.millis(0.999), latencies.millis(1.0), hop.millis(0.5), hop.millis(0.99),
                            latencies.millis(0.5) / hop.millis(0.5), latencies.millis(0.99) / hop.millis(0.99),
                            requests / rings, fetches / rings, cpuMs / rings);
                }

                bursts(publisher, watcher, ids, settings);
            } finally {
                sleds.forEach(SledSimulator::close);
            }
        }
    }

    /** Phase 1: how fast sled software can ring (the caller's view) and how fast the rings are sent. */
    private static void publisherThroughput(String bootstrap, int vmms) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < vmms; i++) {
            ids.add(UUID.randomUUID());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench.publisher", 6, (short) 1))).all().get();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DoorbellPublisher publisher = DoorbellPublisher.toKafka( new DoorbellProducerConfig(bootstrap, "bench.publisher", DoorbellProducerConfig.DEFAULT_LINGER_MS, Map.of()), PublisherConfig.forSled(UUID.randomUUID()), meters)) {
            int rings = 500_000;
            long start = System.nanoTime();
            for (int i = 0; i < rings; i++) {
                publisher.ring(ids.get(i % ids.size()));
            }
            long rung = System.nanoTime();
            publisher.flush(Duration.ofSeconds(120));
            long flushed = System.nanoTime();
            double sends = meters.counter(DoorbellPublisher.SENDS).count();
            System.out.printf("publisher: %d rings over %d VMMs: ring() %.0f rings/s (caller never blocks); %.0f records sent, "
                            + "all acknowledged after %.2f s (%.0f records/s); %.1f rings per record%n",
                    rings, ids.size(), rings / ((rung - start) / 1e9), sends, (flushed - start) / 1e9, sends / ((flushed - start) / 1e9),
                    rings / sends);
        }
    }

    /** Phase 3: bursts of k rings per VMM over t ms; fetches per burst against the bound 2 + t / interval. */
    private static void bursts(DoorbellPublisher publisher, ObservationWatcher watcher, List<UUID> ids, FetcherSettings settings)
            throws InterruptedException {
        long interval = settings.policy().minRefetchInterval().toMillis();
        System.out.println();
        System.out.println("| burst: VMMs | rings per VMM | span ms | observations per VMM (mean / max) | bound 2 + t/interval |");
        System.out.println("|---|---|---|---|---|");
        for (int[] burst : new int[][] {{1000, 2, 10}, {1000, 20, 500}, {200, 200, 2000}}) {
            int count = Math.min(burst[0], ids.size());
            int k = burst[1];
            int span = burst[2];
            List<UUID> chosen = ids.subList(0, count);
            Map<UUID, Integer> perVmm = watcher.countPerVmm();
            long start = System.nanoTime();
            for (int r = 0; r < k; r++) {
                long due = start + (long) (span * 1e6 * r / Math.max(1, k - 1));
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(100_000);
                }
                chosen.forEach(publisher::ring);
            }
            publisher.flush(Duration.ofSeconds(60));
            watcher.awaitQuiet(Duration.ofSeconds(3));
            Map<UUID, Integer> counts = watcher.stopCounting();
            double mean = chosen.stream().mapToInt(v -> counts.getOrDefault(v, 0)).average().orElse(0);
            int max = chosen.stream().mapToInt(v -> counts.getOrDefault(v, 0)).max().orElse(0);
            System.out.printf("| %d | %d | %d | %.2f / %d | %d |%n", count, k, span, mean, max, 2 + span / interval);
            if (perVmm == null) {
                throw new IllegalStateException("unreachable");
            }
        }
    }

    /** Rings random VMMs at {@code rate} per second for {@code length}; returns the rings made. */
    private static long paced(DoorbellPublisher publisher, List<UUID> ids, int rate, Duration length, SplittableRandom random) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long done = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return done;
            }
            long owed = (long) ((now - start) / 1e9 * rate);
            while (done < owed) {
                publisher.ring(ids.get(random.nextInt(ids.size())));
                done++;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Reads {@code vmm.states} on its own thread: latency from first ring to receipt, and counts per VMM. */
    private static final class ObservationWatcher implements AutoCloseable {
        private final KafkaConsumer<String, VmmStateObservation> consumer;
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Latencies> measuring = new AtomicReference<>();
        private final AtomicReference<Map<UUID, Integer>> counting = new AtomicReference<>();
        private volatile long lastReceivedNanos = System.nanoTime();

        ObservationWatcher(String bootstrap, SchemaRegistryClient registry, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroDeserializer.specific(registry, VmmStateObservation.class));
            consumer.subscribe(List.of(topic));
            thread = Thread.ofPlatform().name("bench-watcher").start(this::run);
        }

        private void run() {
            while (running.get()) {
                for (ConsumerRecord<String, VmmStateObservation> record : consumer.poll(Duration.ofMillis(50))) {
                    lastReceivedNanos = System.nanoTime();
                    VmmStateObservation observation = record.value();
                    Instant firstRung = observation.getFirstRungAt();
                    Latencies latencies = measuring.get();
                    if (latencies != null && firstRung != null) {
                        Instant now = Instant.now();
                        latencies.add(Duration.between(firstRung, now).toNanos() / 1000);
                    }
                    Map<UUID, Integer> counts = counting.get();
                    if (counts != null) {
                        counts.merge(observation.getVmmId(), 1, Integer::sum);
                    }
                }
            }
        }

        Latencies measure() {
            Latencies latencies = new Latencies();
            measuring.set(latencies);
            return latencies;
        }

        void stopMeasuring() {
            measuring.set(null);
        }

        Map<UUID, Integer> countPerVmm() {
            Map<UUID, Integer> counts = new ConcurrentHashMap<>();
            counting.set(counts);
            return counts;
        }

        Map<UUID, Integer> stopCounting() {
            return counting.getAndSet(null);
        }

        /** Returns once no observation has arrived for {@code quiet}. */
        void awaitQuiet(Duration quiet) throws InterruptedException {
            while (System.nanoTime() - lastReceivedNanos < quiet.toNanos()) {
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            consumer.close();
        }
    }
}
