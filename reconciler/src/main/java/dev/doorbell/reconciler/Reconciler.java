package dev.doorbell.reconciler;

import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.http.Health;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.Json;
import dev.doorbell.model.Resources;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.apply.ObservationConsumer;
import dev.doorbell.reconciler.apply.ObservationReader;
import dev.doorbell.reconciler.apply.ObservationRebuild;
import dev.doorbell.reconciler.apply.RebuildReport;
import dev.doorbell.reconciler.control.ControlApi;
import dev.doorbell.reconciler.control.ControlResponses;
import dev.doorbell.reconciler.control.DirectoryWriter;
import dev.doorbell.reconciler.control.InstanceLifecycle;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.control.SledRegistry;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.legacy.DirectUpcallApi;
import dev.doorbell.reconciler.read.ReadApi;
import dev.doorbell.reconciler.read.ReadModel;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import dev.doorbell.reconciler.sweep.WatcherSweep;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The control plane's side as one service: the observation consumer applying {@code vmm.states}
 * to PostgreSQL, the watcher sweep, and the control and read APIs with {@code /metrics} and
 * {@code /health} on one HTTP port. Also the {@code --rebuild} mode.
 */
public final class Reconciler implements AutoCloseable {

    private final Resources resources = new Resources((resource, e) -> { }); // keep closing the rest
    private final Database database;
    private final ObservationConsumer consumer;
    private final HttpService http;
    private final PrometheusMeterRegistry meters;

    private Reconciler(ReconcilerConfig config) throws SQLException {
        PrometheusMeterRegistry meters = HttpService.newRegistry();
        this.meters = meters;
        try {
            this.database = own(Database.open(config.database()));
            SchemaRegistryClient registry = own(new SchemaRegistryClient(RegistryConfig.of(config.registryUrl())));
            ObservationReader reader = new ObservationReader(AvroDeserializer.specific(registry, VmmStateObservation.class));
            this.consumer = own(new ObservationConsumer(config.consumer(), new ObservationApplier(database.dataSource()), reader, meters));

            DirectoryPublisher directory = own(new DirectoryPublisher(config.bootstrapServers(), config.topics().sleds(),
                    config.topics().placements(), config.clientOverrides()));
            ObservationPublisher observations = own(new ObservationPublisher(new ObservationProducerConfig(config.bootstrapServers(),
                    config.topics().states(), "doorbell-reconciler", config.clientOverrides()), registry, false));
            Clock clock = Clock.systemUTC();
            SledRegistry sleds = new SledRegistry(database.dataSource(), DirectoryWriter.of(directory), config.control().publishTimeout());
            SledAgentClient sledAgents = new SledAgentClient(config.control().sledConnectTimeout(), config.control().sledRequestTimeout());
            InstanceLifecycle instances = new InstanceLifecycle(database.dataSource(), DirectoryWriter.of(directory), sledAgents,
                    new ControlResponses(observations::publish, clock, config.control().publishTimeout()), config.control(), clock);

            if (config.sweep() != null) {
                DoorbellPublisher doorbells = own(DoorbellPublisher.toKafka(new DoorbellProducerConfig(
                        config.bootstrapServers(), config.topics().doorbells(), DoorbellProducerConfig.DEFAULT_LINGER_MS, config.clientOverrides()),
                        PublisherConfig.forSource(DoorbellSource.WATCHER), meters));
                WatcherSweep sweep = own(new WatcherSweep(database.dataSource(), vmm -> doorbells.ring(vmm, DoorbellSource.WATCHER),
                        config.sweep(), meters, SledStateCheck.over(sledAgents)));
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("doorbell-sweep").factory());
                own((AutoCloseable) scheduler::shutdownNow);
                sweep.start(scheduler);
            }

            HttpService.Builder builder = HttpService.builder(HttpServiceConfig.defaults("reconciler", config.httpPort()).withHost(config.httpHost()))
                    .objectMapper(Json.mapper())
                    .registry(meters)
                    .health(this::health);
            new ControlApi(sleds, instances).register(builder);
            new ReadApi(new ReadModel(database.dataSource())).register(builder);
            new DirectUpcallApi(new ObservationApplier(database.dataSource()), clock).register(builder);
            this.http = own(builder.build());
        } catch (SQLException | RuntimeException e) {
            resources.close(); // what had started before the failure
            throw e;
        }
    }

    /** Opens the database (migrating it), starts consuming, sweeping and serving. */
    public static Reconciler start(ReconcilerConfig config) throws SQLException {
        Reconciler reconciler = new Reconciler(config);
        try {
            reconciler.http.start();
            reconciler.consumer.start();
            return reconciler;
        } catch (RuntimeException e) {
            reconciler.close();
            throw e;
        }
    }

    /**
     * Replays {@code vmm.states} from its beginning into the (empty) database and returns once it
     * reached the end offsets seen at start.
     */
    public static RebuildReport rebuild(ReconcilerConfig config) throws SQLException, InterruptedException {
        try (Database database = Database.open(config.database());
             SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(config.registryUrl()))) {
            ObservationReader reader = new ObservationReader(AvroDeserializer.specific(registry, VmmStateObservation.class));
            return new ObservationRebuild(config.consumer(), database.dataSource(), reader).run();
        }
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** The reconciler's meters ({@code doorbell.reconciler.*} and its consumer's), as served on {@code /metrics}. */
    public MeterRegistry meters() {
        return meters;
    }

    private Health health() {
        boolean running = consumer.isRunning();
        Map<String, Object> details = Map.of("consumer", running ? "running" : "stopped",
                // the message only: a response body names no Java class (the full failure is in the log)
                "consumer_failure", consumer.failure().map(f -> String.valueOf(f.getMessage())).orElse(""));
        return running ? Health.up(details) : Health.down(details);
    }

    private <T> T own(T resource) {
        return resources.own(resource);
    }

    @Override
    public void close() {
        resources.close();
    }
}
