package dev.doorbell.cli.stack;

import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.bench.control.ControlPlaneReplacement;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.cli.demo.StackClient;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.KafkaUpcallBodySink;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.topics.PipelineTopics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole pipeline on one machine, without Docker: a Kafka broker and Apicurio Registry as child
 * processes, the topics and the governed schemas, an embedded PostgreSQL, the reconciler, the state
 * fetcher, the gateway and simulated sleds that register with the control API and ring doorbells.
 * Every VMM is placed by the control plane: the stack creates the sleds' instances through the
 * control API and starts each on its sled; each sled's load then churns the VMMs placed on it and
 * has the control plane replace those that end. Started again on a data directory, the sleds of
 * earlier runs come back under their ids and those it no longer runs are expunged
 * ({@link SledIdentities}). {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final List<SledSimulator> sleds = new ArrayList<>();
    private String bootstrapServers;
    private String registryUrl;
    private URI controlUrl;
    private StateFetcher fetcher;
    private Reconciler reconciler;
    private PipelineTopics topics;
    private ComponentLogs componentLogs;
    private final Map<String, Path> serverLogs = new LinkedHashMap<>();

    private LocalStack() {}

    /** Starts everything, reporting each phase; on failure stops what had started and rethrows. */
    public static LocalStack start(StackConfig config, StackProgress progress) throws Exception {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(config, progress);
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(StackConfig config, StackProgress progress) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", config.kafkaPort());
        ports.put("registry", config.registryPort());
        ports.put("gateway", config.gatewayPort());
        ports.put("control API", config.controlPort());
        PortCheck.requireFree(ports);
        Path work = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("doorbell-stack");
        componentLogs = own(ComponentLogs.open(work.resolve("logs")));
        progress.logsIn(componentLogs.directory());
        LocalKafkaCluster kafka = phase(progress, "kafka broker (KRaft, own process)", () -> LocalKafkaCluster.start(
                new KafkaClusterConfig(1, config.dir("kafka"), config.kafkaPort() == 0 ? List.of() : List.of(config.kafkaPort()),
                        Duration.ofSeconds(90))), k -> k.bootstrapServers());
        bootstrapServers = kafka.bootstrapServers();
        kafka.brokers().forEach(b -> serverLogs.put(kafka.brokers().size() == 1 ? "kafka" : "kafka " + b.nodeId(), b.logFile()));
        endpoints.put("kafka", bootstrapServers);

        ApicurioRegistry registry = phase(progress, "schema registry (Apicurio, own process)", () -> ApicurioRegistry.start(
                new ApicurioRegistryConfig(config.dataDir() == null ? work.resolve("registry") : config.dir("registry"),
                        config.dataDir() != null, config.registryPort(), 0, Duration.ofSeconds(120))), r -> r.ccompatUrl());
        registryUrl = registry.ccompatUrl();
        serverLogs.put("registry", registry.logFile());
        endpoints.put("registry", registryUrl);

        PipelineTopics topics = PipelineTopics.defaults();
        this.topics = topics;
        phase(progress, "topics", () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                topics.ensure(admin, config.partitions(), (short) 1);
            }
            return null;
        }, x -> config.partitions() + " partitions");

        SchemaRegistryClient registryClient = own(new SchemaRegistryClient(RegistryConfig.of(registryUrl)));
        phase(progress, "schemas (vmm.states-value, FULL_TRANSITIVE)", () ->
                SchemaGovernance.registerHistory(registryClient, SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE)),
                ids -> "ids " + ids);

        Postgres postgres = phase(progress, "PostgreSQL (embedded" + (config.dataDir() != null ? ", durable)" : ", fsync off)"),
                () -> Postgres.start(config.dataDir() != null ? PostgresConfig.durableIn(config.dir("postgres"))
                        : PostgresConfig.forTests(work.resolve("postgres.log"))), p -> p.jdbcUrl());
        endpoints.put("postgres", postgres.jdbcUrl());
        serverLogs.put("postgres", postgres.logFile());
        endpoints.put("postgres login", "user " + postgres.user() + ", password " + postgres.password());

        reconciler = phase(progress, "reconciler (apply, sweeps, control and read API)", "reconciler", () -> Reconciler.start(
                ReconcilerConfig.defaults(Database.Config.of(postgres.jdbcUrl(), postgres.user(), postgres.password()),
                        bootstrapServers, registryUrl).withTopics(topics).withHttpPort(config.controlPort())), r -> r.baseUrl());
        controlUrl = URI.create(reconciler.baseUrl());
        endpoints.put("control API", reconciler.baseUrl() + "/v1/instances");
        endpoints.put("read API", reconciler.baseUrl() + "/v1/instances/{id}");

        fetcher = phase(progress, "state fetcher (Kafka Streams)", "fetcher", () -> StateFetcher.start(
                FetcherConfig.defaults(bootstrapServers, registryUrl, work.resolve("fetcher-state"))
                        .withSettings(FetcherSettings.defaults().withTopics(topics))), f -> f.baseUrl());
        endpoints.put("fetcher metrics", fetcher.baseUrl() + "/metrics");

        DoorbellGateway gateway = phase(progress, "gateway", "gateway", () -> {
            DoorbellPublisher publisher = own(DoorbellPublisher.toKafka(new DoorbellProducerConfig(bootstrapServers, topics.doorbells(), 1, Map.of()), PublisherConfig.forSource(DoorbellSource.GATEWAY)));
            ObservationPublisher observations = own(new ObservationPublisher(
                    new ObservationProducerConfig(bootstrapServers, topics.states(), "doorbell-gateway", Map.of()), registryClient, false));
            return new DoorbellGateway(HttpServiceConfig.defaults("gateway", config.gatewayPort()), publisher,
                    new KafkaUpcallBodySink(observations, Clock.systemUTC()), () -> UpcallMode.IGNORE_BODY, Duration.ofSeconds(10)).start();
        }, g -> g.baseUrl());
        endpoints.put("gateway", gateway.baseUrl() + "/v1/vmms/{id}/doorbell");

        ControlPlaneClient control = own(new ControlPlaneClient(controlUrl));
        SledIdentities identities = config.dataDir() == null ? SledIdentities.choose(List.of(), config.sleds())
                : phase(progress, "sleds of earlier runs", () -> takeOverSleds(config.sleds()), SledIdentities::describe);
        for (int i = 0; i < config.sleds(); i++) {
            int index = i;
            SledSimulator sled = phase(progress, "sled " + (i + 1) + " of " + config.sleds(), sledComponent(i),
                    () -> startSled(topics, control, identities.idOf(index)),
                    s -> s.baseUrl() + " (registered)");
            sleds.add(sled);
            endpoints.put("sled " + (index + 1), sled.baseUrl() + "/vmms/{id}/state");
        }
        if (config.vmmsPerSled() > 0 && !sleds.isEmpty()) {
            int total = config.vmmsPerSled() * sleds.size();
            List<StartedVmm> placed = phase(progress, "fleet: " + total + " instances via the control API", () -> placeFleet(config, control),
                    p -> p.size() + " VMMs placed, " + FleetSeeder.DEFAULT_CONCURRENCY + " at a time");
            for (int i = 0; i < sleds.size(); i++) {
                SledSimulator sled = sleds.get(i);
                UUID sledId = sled.sled().id();
                List<UUID> own = placed.stream().filter(v -> v.sledId().equals(sledId)).map(StartedVmm::vmmId).toList();
                try (var scope = ComponentLogs.enter(sledComponent(i))) { // the load's threads log as the sled
                    sled.drive(own, config.churnPerSled(), own(new ControlPlaneReplacement(control, sledId)));
                }
            }
        }
    }

    /** Creates {@code vmmsPerSled} instances per sled and starts each on its sled, as users of the control plane would. */
    private List<StartedVmm> placeFleet(StackConfig config, ControlPlaneClient control) {
        List<UUID> sledOfEach = new ArrayList<>();
        for (int i = 0; i < config.vmmsPerSled(); i++) {
            sleds.forEach(sled -> sledOfEach.add(sled.sled().id()));
        }
        // a fresh prefix per run: a durable database keeps the instances of earlier runs
        String prefix = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        return new FleetSeeder(control, FleetSeeder.DEFAULT_CONCURRENCY).place(sledOfEach, prefix, 1, FleetSeeder.Progress.none());
    }

    /**
     * A restart on a data directory: the sleds earlier runs registered come back under their ids (with
     * no VMMs), those beyond this run's count are expunged ({@link SledIdentities}).
     */
    private SledIdentities takeOverSleds(int sleds) throws java.io.IOException, InterruptedException {
        try (StackClient client = new StackClient(controlUrl)) {
            SledIdentities identities = SledIdentities.choose(client.sleds(), sleds);
            for (UUID gone : identities.expunged()) {
                client.sledExpunge(gone);
            }
            return identities;
        }
    }

    private SledSimulator startSled(PipelineTopics topics, ControlPlaneClient control, UUID sledId) {
        DoorbellPublisher publisher = own(DoorbellPublisher.toKafka(new DoorbellProducerConfig(bootstrapServers, topics.doorbells(), 1, Map.of()), PublisherConfig.forSled(sledId)));
        SledSimConfig sledConfig = new SledSimConfig("127.0.0.1", 0, sledId, Set.copyOf(ApiVersion.KNOWN), SteppingMode.AUTO,
                SledSimConfig.DEFAULT_STEP_DELAY, SledSimConfig.DEFAULT_RETENTION, NotifyMode.DOORBELL_KAFKA, null, 0, 0);
        SledSimulator sled = own(SledSimulator.start(sledConfig, publisher));
        control.registerSled(sledId, URI.create(sled.baseUrl()), Set.copyOf(ApiVersion.KNOWN));
        return sled;
    }

    private static String sledComponent(int index) {
        return "sled-" + (index + 1);
    }

    /**
     * Log name → file: one per component of this JVM ({@code reconciler}, {@code fetcher}, {@code gateway},
     * {@code sled-1}, ..., {@code stack} for the rest) and those of the servers' own processes ({@code kafka},
     * {@code registry}, {@code postgres}). A temporary stack's broker log goes with its data when the stack closes.
     */
    public Map<String, Path> logFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> components = new ArrayList<>(List.of("reconciler", "fetcher", "gateway"));
        for (int i = 0; i < sleds.size(); i++) {
            components.add(sledComponent(i));
        }
        components.add(ComponentLogs.UNNAMED);
        components.forEach(c -> files.put(c, componentLogs.fileOf(c)));
        files.putAll(serverLogs);
        return java.util.Collections.unmodifiableMap(files);
    }

    /** Endpoint name → address, in the order they started. */
    public Map<String, String> endpoints() {
        return java.util.Collections.unmodifiableMap(endpoints);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public List<SledSimulator> sleds() {
        return List.copyOf(sleds);
    }

    /** The reconciler's base URL: control API, read API, {@code /metrics}. */
    public URI controlUrl() {
        return controlUrl;
    }

    public PipelineTopics topics() {
        return topics;
    }

    /** The state fetcher's meters ({@code doorbell.fetcher.*}, Kafka Streams'). */
    public io.micrometer.core.instrument.MeterRegistry fetcherMeters() {
        return fetcher.meters();
    }

    /** The reconciler's meters ({@code doorbell.reconciler.*}, its consumer's). */
    public io.micrometer.core.instrument.MeterRegistry reconcilerMeters() {
        return reconciler.meters();
    }

    /** The status line's source: the fetcher's and reconciler's meters. */
    public StackStatus status() {
        return new StackStatus(fetcherMeters(), reconcilerMeters());
    }

    private <T> T own(T resource) {
        if (resource instanceof AutoCloseable closeable) {
            started.add(closeable);
        }
        return resource;
    }

    /** A phase whose threads log as {@code component} ({@link ComponentLogs}). */
    private <T> T phase(StackProgress progress, String name, String component, Callable<T> step,
                        java.util.function.Function<T, String> detail) throws Exception {
        try (var scope = ComponentLogs.enter(component)) {
            return phase(progress, name, step, detail);
        }
    }

    private <T> T phase(StackProgress progress, String name, Callable<T> step, java.util.function.Function<T, String> detail)
            throws Exception {
        progress.started(name);
        long begin = System.nanoTime();
        T result = own(step.call());
        progress.done(name, (System.nanoTime() - begin) / 1_000_000, result == null ? "" : detail.apply(result));
        return result;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("doorbell: while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
