package dev.doorbell.chaos.rehearsal;

import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.KafkaUpcallBodySink;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The control plane of an online update rehearsal, wired as the local stack wires it, on the
 * testkit's real broker, registry and PostgreSQL: its own topics, the observation schema history
 * under its own subject ({@code FULL_TRANSITIVE}), its own database with the reconciler on it (no
 * watcher sweeps: only the sleds' notifications can bring the database up to date, so a lost one
 * stays visible) and its control API (where sleds register and VMMs are placed), the gateway
 * (redeployed, or its upcall mode switched at run time), and, once the control plane moves to R20,
 * the state fetcher. {@link #close()} stops what it started, in
 * reverse order.
 */
public final class RehearsalStack implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    private final PipelineTopics topics = PipelineTopics.suffixed(suffix);
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final AtomicReference<UpcallMode> upcallMode = new AtomicReference<>(UpcallMode.BODY);
    private final String bootstrapServers;
    private final String registryUrl;
    private ControlPlaneClient control;
    private Database database;
    private Reconciler reconciler;
    private DoorbellPublisher legacyRings;
    private ObservationPublisher bodies;
    private volatile DoorbellGateway gateway;
    private StateFetcher fetcher;

    private RehearsalStack(KafkaCluster kafka, RegistryServer registry) {
        this.bootstrapServers = kafka.bootstrapServers();
        this.registryUrl = registry.ccompatUrl();
    }

    /** Starts the R19 control plane: reconciler and gateway in {@code body} mode; no fetcher yet. */
    public static RehearsalStack start(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres) throws Exception {
        RehearsalStack stack = new RehearsalStack(kafka, registry);
        try {
            stack.startControlPlane(postgres);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startControlPlane(PostgresServer postgres) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics.ensure(admin, 3, (short) 1);
        }
        SchemaRegistryClient registryClient = own(new SchemaRegistryClient(RegistryConfig.of(registryUrl)));
        SchemaHistory history = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE);
        SchemaGovernance.registerHistory(registryClient, new SchemaHistory(topics.states() + "-value", history.versions()));

        Database.Config databaseConfig = createDatabase(postgres);
        reconciler = own(Reconciler.start(ReconcilerConfig.defaults(databaseConfig, bootstrapServers, registryUrl)
                .withTopics(topics).withHttpPort(0).withGroupId("rehearsal-reconciler" + suffix).withSweep(null)));
        control = own(new ControlPlaneClient(URI.create(reconciler.baseUrl())));
        database = own(Database.open(new Database.Config(databaseConfig.jdbcUrl(), databaseConfig.user(),
                databaseConfig.password(), 2, Duration.ofSeconds(5))));

        legacyRings = own(DoorbellPublisher.toKafka(doorbellProducer(), PublisherConfig.forSource(DoorbellSource.LEGACY_UPCALL)));
        bodies = own(new ObservationPublisher(new ObservationProducerConfig(bootstrapServers, topics.states(),
                "rehearsal-gateway", Map.of()), registryClient, false));
        gateway = startGateway(0);
    }

    private DoorbellGateway startGateway(int port) {
        return new DoorbellGateway(HttpServiceConfig.defaults("gateway", port), legacyRings,
                new KafkaUpcallBodySink(bodies, Clock.systemUTC()), upcallMode::get, Duration.ofSeconds(10)).start();
    }

    /** A database of its own next to the server's, migrated by the reconciler when it opens it. */
    private Database.Config createDatabase(PostgresServer postgres) throws Exception {
        String name = "rehearsal_" + suffix.substring(1);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        return Database.Config.of(url, postgres.user(), postgres.password());
    }

    /**
     * Starts the state fetcher (the R20 control plane) and waits until it runs.
     *
     * @param versionReprobe how long it keeps asking a sled in an older API version before it tries the newest again
     */
    public StateFetcher startFetcher(Path stateDir, Duration versionReprobe) {
        FetcherSettings defaults = FetcherSettings.defaults().withTopics(topics);
        FetcherSettings settings = new FetcherSettings(defaults.topics(), defaults.policy(), defaults.punctuationInterval(),
                defaults.maxBatch(), defaults.maxInFlight(), defaults.maxInFlightPerSled(), versionReprobe);
        fetcher = own(StateFetcher.start(FetcherConfig.defaults(bootstrapServers, registryUrl, stateDir)
                .withApplicationId("rehearsal-fetcher" + suffix).withSettings(settings)));
        await().atMost(STARTUP).until(() -> fetcher.state() == KafkaStreams.State.RUNNING);
        return fetcher;
    }

    /**
     * Deploys a new gateway in {@code mode} in place of the running one, on the same address: the old
     * one stops first, so upcalls that arrive meanwhile fail and the sleds retry them.
     */
    public void redeployGateway(UpcallMode mode) {
        int port = gateway.port();
        gateway.close();
        upcallMode.set(mode);
        gateway = startGateway(port);
    }

    /** Moves the running gateway's legacy upcall to {@code mode}, without a restart. */
    public void upcallMode(UpcallMode mode) {
        upcallMode.set(mode);
    }

    /** A new Kafka doorbell publisher for a sled on this stack's doorbell topic; the caller closes it. */
    public DoorbellPublisher sledPublisher(UUID sledId) {
        return DoorbellPublisher.toKafka(doorbellProducer(), PublisherConfig.forSled(sledId));
    }

    private DoorbellProducerConfig doorbellProducer() {
        return new DoorbellProducerConfig(bootstrapServers, topics.doorbells(), 1, Map.of());
    }

    public URI gatewayUrl() {
        return URI.create(gateway.baseUrl());
    }

    /** The control API: sleds register there and the control plane places their VMMs. */
    public ControlPlaneClient control() {
        return control;
    }

    /** The control plane's database, for reading what the reconciler wrote. */
    public DataSource database() {
        return database.dataSource();
    }

    public MeterRegistry reconcilerMeters() {
        return reconciler.meters();
    }

    public MeterRegistry fetcherMeters() {
        return fetcher.meters();
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                // keep closing the rest: the shared servers outlive this test
            }
        }
        owned.clear();
    }
}
