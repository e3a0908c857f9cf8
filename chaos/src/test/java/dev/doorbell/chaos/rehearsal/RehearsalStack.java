package dev.doorbell.chaos.rehearsal;

import static org.awaitility.Awaitility.await;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.db.Database;
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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The control plane of an online update rehearsal, assembled by {@link Pipeline} on the testkit's
 * real broker, registry and PostgreSQL: its own topics, the observation schema history under its
 * own subject ({@code FULL_TRANSITIVE}), its own database with the reconciler on it (no watcher
 * sweeps: only the sleds' notifications can bring the database up to date, so a lost one stays
 * visible) and its control API (where sleds register and VMMs are placed), the gateway (redeployed,
 * or its upcall mode switched at run time), and, once the control plane moves to R20, the state
 * fetcher. The rehearsal's sleds are its own (they change release); they ring through
 * {@link #sledPublisher}. {@link #close()} stops what it started, in reverse order.
 */
public final class RehearsalStack implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Pipeline pipeline;
    private final Database database;
    /** What the gateway does with an upcall's body, asked per request. */
    private final AtomicReference<UpcallMode> upcallMode;

    private RehearsalStack(Pipeline pipeline, Database database, AtomicReference<UpcallMode> upcallMode) {
        this.pipeline = pipeline;
        this.database = database;
        this.upcallMode = upcallMode;
    }

    /** Starts the R19 control plane: reconciler and gateway in {@code body} mode; no fetcher yet. */
    public static RehearsalStack start(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres) throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicReference<UpcallMode> upcallMode = new AtomicReference<>(UpcallMode.BODY);
        Database.Config databaseConfig = createDatabase(postgres, suffix);
        PipelineSpec spec = PipelineSpec.on(new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), databaseConfig))
                .withTopics(PipelineTopics.suffixed(suffix), 3, (short) 1)
                .withReconciler(c -> c.withHttpPort(0).withGroupId("rehearsal-reconciler" + suffix).withSweep(null))
                // no fetcher until the control plane moves to R20; each one then names its state directory
                .withFetchers(new PipelineSpec.Fetchers(0, n -> Path.of("fetcher-" + n), c -> c.withApplicationId("rehearsal-fetcher" + suffix)))
                .withGateway(new PipelineSpec.Gateway(0, DoorbellSource.LEGACY_UPCALL, Map.of(), "rehearsal-gateway", upcallMode::get));
        Pipeline pipeline = Pipeline.start(spec);
        try {
            Database database = Database.open(new Database.Config(databaseConfig.jdbcUrl(), databaseConfig.user(),
                    databaseConfig.password(), 2, Duration.ofSeconds(5)));
            return new RehearsalStack(pipeline, database, upcallMode);
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    /** A database of its own next to the server's, migrated by the reconciler when it opens it. */
    private static Database.Config createDatabase(PostgresServer postgres, String suffix) throws Exception {
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
        StateFetcher fetcher = pipeline.startFetcher(c -> c.withStateDir(stateDir)
                .withSettings(c.settings().withVersionReprobe(versionReprobe)));
        await().atMost(STARTUP).until(() -> fetcher.state() == KafkaStreams.State.RUNNING);
        return fetcher;
    }

    /**
     * Deploys a new gateway in {@code mode} in place of the running one, on the same address: the old
     * one stops first, so upcalls that arrive meanwhile fail and the sleds retry them.
     */
    public void redeployGateway(UpcallMode value) {
        upcallMode.set(value);
        pipeline.redeployGateway();
    }

    /** Moves the running gateway's legacy upcall to {@code mode}, without a restart. */
    public void upcallMode(UpcallMode value) {
        upcallMode.set(value);
    }

    /** A new Kafka doorbell publisher for a sled on this stack's doorbell topic; the caller closes it. */
    public DoorbellPublisher sledPublisher(UUID sledId) {
        return DoorbellPublisher.toKafka(new DoorbellProducerConfig(pipeline.spec().servers().bootstrapServers(),
                pipeline.topics().doorbells(), 1, Map.of()), PublisherConfig.forSled(sledId));
    }

    public URI gatewayUrl() {
        return URI.create(pipeline.gateway().orElseThrow().baseUrl());
    }

    /** The control API: sleds register there and the control plane places their VMMs. */
    public ControlPlaneClient control() {
        return pipeline.control();
    }

    /** The control plane's database, for reading what the reconciler wrote. */
    public DataSource database() {
        return database.dataSource();
    }

    public MeterRegistry reconcilerMeters() {
        return pipeline.reconciler().meters();
    }

    public MeterRegistry fetcherMeters() {
        return pipeline.fetcher().meters();
    }

    @Override
    public void close() {
        pipeline.close();
        database.close();
    }
}
