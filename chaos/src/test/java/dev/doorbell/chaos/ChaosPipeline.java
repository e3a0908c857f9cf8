package dev.doorbell.chaos;

import static org.awaitility.Awaitility.await;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.assembly.SledWiring;
import dev.doorbell.cli.fleet.ComponentProcess;
import dev.doorbell.cli.fleet.ComponentSpec;
import dev.doorbell.cli.fleet.Fleet;
import dev.doorbell.cli.fleet.FleetComponents;
import dev.doorbell.cli.fleet.JvmLauncher;
import dev.doorbell.cli.fleet.PrometheusText;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.Doorbell;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole pipeline for one chaos scenario, on servers it is given, assembled by {@link Pipeline}:
 * its own topics (suffixed), the observation schemas under its own subject, its own database, a
 * reconciler, a state fetcher (more on demand, one application id), and simulated sleds that step
 * explicitly and ring through real {@link DoorbellPublisher}s (recorded by a {@link RecordingDoorbell}),
 * each registered with the control API (at a {@link TcpProxy} if asked); a {@link Storm}'s VMMs are
 * placed by the control plane. {@link #close()} stops everything it started, in reverse order.
 */
final class ChaosPipeline implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final ChaosOptions options;
    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path stateDirectory;
    private final Map<UUID, RecordingDoorbell> doorbells = new ConcurrentHashMap<>();
    private final Map<UUID, TcpProxy> proxies = new ConcurrentHashMap<>();
    private final List<ChaosSled> sleds = new ArrayList<>();
    private Database.Config database;
    private Pipeline pipeline;
    private Fleet fleet;
    private FleetComponents components;

    private ChaosPipeline(ChaosOptions options) throws IOException {
        this.options = options;
        this.stateDirectory = Files.createDirectories(ChaosReport.buildDirectory().resolve("chaos-state").resolve("p" + suffix));
    }

    /** Starts everything and returns once the first fetcher is running; on failure stops what had started. */
    static ChaosPipeline start(ChaosServers servers, ChaosOptions options) throws Exception {
        ChaosPipeline pipeline = new ChaosPipeline(options);
        try {
            pipeline.startAll(servers);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    /**
     * Like {@link #start}, but the reconcilers and state fetchers are processes of their own ({@code doorbell reconciler},
     * {@code doorbell fetcher}), so a scenario can {@code SIGKILL} them ({@link #fleet()}); the sleds stay in this JVM.
     * Component {@code n} of a role is named {@code reconciler-n} or {@code fetcher-n}. They run with their shipped defaults: a consumer session times out after
     * 10 s, so a killed one's partitions move within that.
     */
    static ChaosPipeline startAsProcesses(ChaosServers servers, ChaosOptions options, int reconcilers, int fetchers) throws Exception {
        ChaosPipeline pipeline = new ChaosPipeline(options);
        try {
            pipeline.startProcesses(servers, reconcilers, fetchers);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startProcesses(ChaosServers servers, int reconcilers, int fetchers) throws Exception {
        database = TestDatabases.createEmpty(servers.jdbcUrl(), servers.user(), servers.password());
        Servers addresses = new Servers(servers.bootstrapServers(), servers.registryUrl(), database);
        components = FleetComponents.of(addresses, stateDirectory.resolve("logs")).named(suffix)
                .withReplication(options.replicationFactor());
        pipeline = Pipeline.start(PipelineSpec.on(addresses).withTopics(components.topics(), options.partitions(), options.replicationFactor())
                .withSleds(new Wiring()));
        fleet = new Fleet(JvmLauncher.current(), STARTUP, false, Clock.systemUTC());
        List<String> sweep = options.sweep() == null ? List.of("--no-sweep")
                : List.of("--sweep-period", options.sweep().period().toString());
        List<ComponentSpec> specs = new ArrayList<>();
        for (int i = 1; i <= reconcilers; i++) {
            specs.add(components.reconciler(i, 0, sweep.toArray(String[]::new)));
        }
        for (int i = 1; i <= fetchers; i++) {
            specs.add(components.fetcher(i, stateDirectory.resolve("fetcher-" + i)));
        }
        fleet.start(specs.getFirst()); // the first reconciler migrates the database alone
        fleet.startAll(specs.subList(1, specs.size()));
        pipeline.useControlPlane(this::reconcilerUrl);
        for (int i = 0; i < options.sleds(); i++) {
            UUID sledId = UUID.randomUUID();
            SledSimulator simulator = pipeline.startSled(sledId);
            sleds.add(new ChaosSled(simulator, doorbells.get(sledId), Optional.ofNullable(proxies.get(sledId))));
        }
    }

    /**
     * Starts {@code sled-<n>}, a simulated sled as a process of its own ({@code doorbell sled}) with id {@code sledId}:
     * it registers with the control API and has the control plane place {@code vmms} VMMs on it, which it then changes
     * {@code churn} times a second, stepping on its own and ringing this pipeline's doorbell topic. The suite's
     * convergence check covers it through the audit (every registered sled).
     */
    ComponentProcess startSledProcess(int n, UUID sledId, int vmms, double churn) {
        return fleet().start(components.sled(n, sledId, reconcilerUrl(), vmms, churn));
    }

    /** The component processes of a pipeline started by {@link #startAsProcesses}. */
    Fleet fleet() {
        return Optional.ofNullable(fleet).orElseThrow(() -> new IllegalStateException("this pipeline runs its components in this JVM"));
    }

    /** A counter summed over the running processes of {@code role} (their {@code /metrics}). */
    double processCounter(String role, String prometheusName) {
        double sum = 0;
        for (ComponentProcess component : fleet().role(role)) {
            if (component.isAlive()) {
                sum += PrometheusText.scrape(component.spec().baseUrl()).map(text -> text.sum(prometheusName)).orElse(0.0);
            }
        }
        return sum;
    }

    private void startAll(ChaosServers servers) throws Exception {
        database = TestDatabases.createEmpty(servers.jdbcUrl(), servers.user(), servers.password());
        PipelineSpec spec = PipelineSpec.on(new Servers(servers.bootstrapServers(), servers.registryUrl(), database))
                .withTopics(PipelineTopics.suffixed(suffix), options.partitions(), options.replicationFactor())
                .withReconciler(c -> c.withGroupId("chaos-reconciler" + suffix).withHttpPort(0).withSweep(options.sweep()))
                .withFetchers(n -> stateDirectory.resolve("fetcher-" + n), c -> c.withApplicationId("chaos-fetcher" + suffix)
                        // its changelog replicated like the pipeline's topics (the brokers' default here is 1)
                        .withClientOverrides(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(options.replicationFactor()))))
                .withSleds(new Wiring());
        pipeline = Pipeline.start(spec);
        for (int i = 0; i < options.sleds(); i++) {
            UUID sledId = UUID.randomUUID();
            SledSimulator simulator = pipeline.startSled(sledId);
            sleds.add(new ChaosSled(simulator, doorbells.get(sledId), Optional.ofNullable(proxies.get(sledId))));
        }
        StateFetcher first = pipeline.fetcher();
        await("first fetcher running").atMost(STARTUP).until(() -> first.state() == KafkaStreams.State.RUNNING);
    }

    /** The chaos suite's sleds: stepped by the scenario, every ring recorded, reached through a proxy if asked. */
    private final class Wiring implements SledWiring {
        @Override
        public SledSimConfig config(UUID sledId) {
            return SledSimConfig.builder().sledId(sledId).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                    .notify(NotifyMode.DOORBELL_KAFKA, null).build();
        }

        @Override
        public Doorbell doorbell(UUID sledId, DoorbellPublisher publisher) {
            RecordingDoorbell doorbell = new RecordingDoorbell(publisher);
            doorbells.put(sledId, doorbell);
            return doorbell;
        }

        @Override
        public URI address(SledSimulator sled, Consumer<AutoCloseable> owner) {
            if (!options.proxied()) {
                return URI.create(sled.baseUrl());
            }
            TcpProxy proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", sled.port()));
            owner.accept(proxy);
            proxies.put(sled.config().sledId(), proxy);
            return proxy.httpUri();
        }
    }

    /**
     * Waits until the reconciler has applied {@code observations} observations: the storm flows from
     * the sleds to the database.
     */
    void awaitFlowing(long observations) {
        await("storm flowing into the database").atMost(STARTUP).until(() -> fleet == null
                ? Meters.count(pipeline.reconciler().meters(), ApplierMetrics.APPLIED) >= observations
                : processCounter("reconciler", "doorbell_reconciler_observations_applied_total") >= observations);
    }

    /** Starts another fetcher instance of the pipeline's application (its own state directory). */
    StateFetcher startFetcher() {
        return pipeline.startFetcher();
    }

    /** Closes {@code fetcher} (abandoning its in-flight fetches); its tasks move to the others. */
    void stopFetcher(StateFetcher fetcher) {
        pipeline.stopFetcher(fetcher);
    }

    /** The fetcher instances running now, oldest first. */
    List<StateFetcher> fetchers() {
        return pipeline.fetchers();
    }

    /** Stops the reconciler; its uncommitted batch is applied again by the next one. */
    void stopReconciler() {
        pipeline.stopReconciler();
    }

    /** Starts a new reconciler in the stopped one's group, with empty caches. */
    void startReconciler() throws Exception {
        pipeline.startReconciler();
    }

    Reconciler reconciler() {
        return pipeline.reconciler();
    }

    /** The control API of the running reconciler. */
    ControlPlaneClient control() {
        return pipeline.control();
    }

    List<ChaosSled> sleds() {
        return List.copyOf(sleds);
    }

    PipelineTopics topics() {
        return pipeline.topics();
    }

    String bootstrapServers() {
        return pipeline.spec().servers().bootstrapServers();
    }

    /** Registry ids of the observation schema's versions, oldest first. */
    List<Integer> schemaIds() {
        return pipeline.schemaIds();
    }

    /** The reconciler's consumer group. */
    String reconcilerGroup() {
        return pipeline.reconcilerConfig().groupId();
    }

    /** Settings of this pipeline's own database. */
    Database.Config database() {
        return database;
    }

    /** A convergence check of this pipeline's database against its sleds. */
    Convergence convergence() {
        return new Convergence(database, sleds(), this::reconcilerUrl);
    }

    /** The running reconciler's base URL (in this JVM, or the first live reconciler process). */
    URI reconcilerUrl() {
        if (fleet == null) {
            return URI.create(pipeline.reconciler().baseUrl());
        }
        return fleet.role("reconciler").stream().filter(ComponentProcess::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no reconciler process is running")).spec().baseUrl();
    }

    /** VMMs the sleds reported so far. */
    int vmms() {
        return sleds.stream().mapToInt(s -> s.vmms().size()).sum();
    }

    /** State changes the sleds made so far. */
    long stateChanges() {
        return sleds.stream().mapToLong(ChaosSled::stateChanges).sum();
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (fleet != null) {
            fleet.close();
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
