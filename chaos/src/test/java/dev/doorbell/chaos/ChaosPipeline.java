package dev.doorbell.chaos;

import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.topics.PipelineTopics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole pipeline for one chaos scenario, on servers it is given: its own topics (suffixed), the
 * observation schemas under its own subject, its own database, a reconciler, a state fetcher
 * (more on demand, one application id), and simulated sleds that step explicitly and ring through
 * real {@link DoorbellPublisher}s, each registered with the control API (at a {@link TcpProxy} if
 * asked), which publishes its address; a {@link Storm}'s VMMs are placed by the control plane.
 * Wiring as in the local stack; {@link #close()} stops everything it started, in reverse order.
 */
final class ChaosPipeline implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final ChaosServers servers;
    private final ChaosOptions options;
    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    private final PipelineTopics topics = PipelineTopics.suffixed(suffix);
    private final Path stateDirectory;
    private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
    private final List<ChaosSled> sleds = new ArrayList<>();
    private final List<StateFetcher> fetchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetcherCount = new AtomicInteger();
    private Database.Config database;
    private List<Integer> schemaIds;
    private ReconcilerConfig reconcilerConfig;
    private volatile Reconciler reconciler;
    private ControlPlaneClient control;

    private ChaosPipeline(ChaosServers servers, ChaosOptions options) throws Exception {
        this.servers = servers;
        this.options = options;
        this.stateDirectory = Files.createDirectories(ChaosReport.buildDirectory().resolve("chaos-state").resolve("p" + suffix));
    }

    /** Starts everything and returns once the first fetcher is running; on failure stops what had started. */
    static ChaosPipeline start(ChaosServers servers, ChaosOptions options) throws Exception {
        ChaosPipeline pipeline = new ChaosPipeline(servers, options);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()))) {
            topics.ensure(admin, options.partitions(), options.replicationFactor());
        }
        try (SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(servers.registryUrl()))) {
            SchemaHistory history = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE);
            schemaIds = List.copyOf(SchemaGovernance.registerHistory(registry,
                    new SchemaHistory(topics.states() + "-value", history.versions())));
        }
        database = TestDatabases.createEmpty(servers.jdbcUrl(), servers.user(), servers.password());
        reconcilerConfig = ReconcilerConfig.defaults(database, servers.bootstrapServers(), servers.registryUrl())
                .withTopics(topics).withGroupId("chaos-reconciler" + suffix).withHttpPort(0).withSweep(options.sweep());
        reconciler = Reconciler.start(reconcilerConfig);

        StateFetcher first = startFetcher();
        // a scenario may restart the reconciler (on another port): the client asks for its address on every call
        control = own(new ControlPlaneClient(() -> URI.create(reconciler.baseUrl())));
        for (int i = 0; i < options.sleds(); i++) {
            sleds.add(startSled());
        }
        await("first fetcher running").atMost(STARTUP).until(() -> first.state() == KafkaStreams.State.RUNNING);
    }

    private ChaosSled startSled() {
        UUID sledId = UUID.randomUUID();
        DoorbellPublisher publisher = own(DoorbellPublisher.toKafka(new DoorbellProducerConfig(servers.bootstrapServers(), topics.doorbells(), 1, Map.of()), PublisherConfig.forSled(sledId)));
        RecordingDoorbell doorbell = new RecordingDoorbell(publisher);
        SledSimConfig config = new SledSimConfig("127.0.0.1", 0, sledId, Set.copyOf(ApiVersion.KNOWN), SteppingMode.EXPLICIT,
                Duration.ZERO, SledSimConfig.DEFAULT_RETENTION, NotifyMode.DOORBELL_KAFKA, null, 0, 0);
        SledSimulator simulator = own(SledSimulator.start(config, doorbell));
        Optional<TcpProxy> proxy = options.proxied()
                ? Optional.of(own(new TcpProxy(new InetSocketAddress("127.0.0.1", simulator.port())))) : Optional.empty();
        URI address = proxy.map(TcpProxy::httpUri).orElse(URI.create(simulator.baseUrl()));
        control.registerSled(sledId, address, Set.copyOf(ApiVersion.KNOWN));
        return new ChaosSled(simulator, doorbell, proxy);
    }

    /**
     * Waits until the reconciler has applied {@code observations} observations: the storm flows from
     * the sleds to the database.
     */
    void awaitFlowing(long observations) {
        await("storm flowing into the database").atMost(STARTUP).until(() ->
                Meters.count(reconciler.meters(), ApplierMetrics.APPLIED) >= observations);
    }

    /** Starts another fetcher instance of the pipeline's application (its own state directory). */
    StateFetcher startFetcher() {
        int n = fetcherCount.incrementAndGet();
        FetcherConfig config = FetcherConfig.defaults(servers.bootstrapServers(), servers.registryUrl(),
                        stateDirectory.resolve("fetcher-" + n))
                .withApplicationId("chaos-fetcher" + suffix)
                .withSettings(FetcherSettings.defaults().withTopics(topics))
                // its changelog replicated like the pipeline's topics (the brokers' default here is 1)
                .withClientOverrides(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(options.replicationFactor())));
        StateFetcher fetcher = StateFetcher.start(config);
        fetchers.add(fetcher);
        return fetcher;
    }

    /** Closes {@code fetcher} (abandoning its in-flight fetches); its tasks move to the others. */
    void stopFetcher(StateFetcher fetcher) {
        fetchers.remove(fetcher);
        fetcher.close();
    }

    /** The fetcher instances running now, oldest first. */
    List<StateFetcher> fetchers() {
        return List.copyOf(fetchers);
    }

    /** Stops the reconciler; its uncommitted batch is applied again by the next one. */
    void stopReconciler() {
        reconciler.close();
    }

    /** Starts a new reconciler in the stopped one's group, with empty caches. */
    void startReconciler() throws Exception {
        reconciler = Reconciler.start(reconcilerConfig);
    }

    Reconciler reconciler() {
        return reconciler;
    }

    /** The control API of the running reconciler. */
    ControlPlaneClient control() {
        return control;
    }

    List<ChaosSled> sleds() {
        return List.copyOf(sleds);
    }

    PipelineTopics topics() {
        return topics;
    }

    String bootstrapServers() {
        return servers.bootstrapServers();
    }

    /** Registry ids of the observation schema's versions, oldest first. */
    List<Integer> schemaIds() {
        return schemaIds;
    }

    /** The reconciler's consumer group. */
    String reconcilerGroup() {
        return reconcilerConfig.groupId();
    }

    /** Settings of this pipeline's own database. */
    Database.Config database() {
        return database;
    }

    /** A convergence check of this pipeline's database against its sleds. */
    Convergence convergence() {
        return new Convergence(database, sleds());
    }

    /** VMMs the sleds reported so far. */
    int vmms() {
        return sleds.stream().mapToInt(s -> s.vmms().size()).sum();
    }

    /** State changes the sleds made so far. */
    long stateChanges() {
        return sleds.stream().mapToLong(ChaosSled::stateChanges).sum();
    }

    private <T> T own(T resource) {
        if (resource instanceof AutoCloseable closeable) {
            owned.add(closeable);
        }
        return resource;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(owned);
        all.addAll(fetchers);
        if (reconciler != null) {
            all.add(reconciler);
        }
        for (AutoCloseable c : all.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest: the shared servers outlive this scenario
            }
        }
        deleteRecursively(stateDirectory);
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // only the fetchers' state stores: target/ is cleaned anyway
        }
    }
}
