package dev.doorbell.fetcher;

import dev.doorbell.fetcher.sled.SledClient;
import dev.doorbell.fetcher.sled.SledClients;
import dev.doorbell.http.Health;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroSerializer;
import dev.doorbell.serde.TopicNameStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The state fetcher as a running service: Kafka Streams on the fetch topology, a sled client, and
 * an HTTP endpoint with {@code /metrics} (the fetcher's and Kafka Streams' own meters),
 * {@code /health} (up while Streams is running or rebalancing) and {@code GET /v1/pending/{vmm}} (a VMM's pending
 * fetch, {@link PendingQuery}).
 */
public final class StateFetcher implements AutoCloseable {

    private final FetcherConfig config;
    private final SledClient sledClient;
    private final KafkaStreams streams;
    private final HttpService http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final SchemaRegistryClient registry;
    private final PrometheusMeterRegistry meters;
    private final FetchWakeups wakeups;
    private final AnswerApplier applier;

    private StateFetcher(FetcherConfig config, Function<MeterRegistry, AnswerApplier> applier) {
        this.config = config;
        this.meters = HttpService.newRegistry();
        this.applier = applier.apply(meters);
        this.sledClient = SledClients.create(config.sledClient());
        this.registry = new SchemaRegistryClient(RegistryConfig.of(config.registryUrl()));
        FetcherSettings settings = config.settings();
        this.wakeups = new FetchWakeups();
        Topology topology = FetcherTopology.build(settings, sledClient,
                new FetchLimiter(settings.maxInFlight(), settings.maxInFlightPerSled()),
                new SledVersions(settings.versionReprobe()), new FetcherMetrics(meters),
                new AvroSerializer<VmmStateObservation>(registry, TopicNameStrategy.VALUE, config.autoRegisterSchemas()), wakeups, this.applier);
        FetcherClientSupplier clients = new FetcherClientSupplier(wakeups, settings.gather(), settings.catchUp());
        this.streams = new KafkaStreams(topology, config.streamsProperties(), clients);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        this.http = HttpService.builder(HttpServiceConfig.defaults("state-fetcher", config.httpPort()))
                .registry(meters)
                .health(this::health)
                .route("GET", "/v1/pending/{vmm}", new PendingQuery(streams, settings.topics().doorbells(), clients::admin)::answer)
                .build();
    }

    /** Starts Kafka Streams and the HTTP endpoint; returns at once (Streams joins the group in the background). */
    public static StateFetcher start(FetcherConfig config) {
        return start(config, meters -> AnswerApplier.NONE);
    }

    /**
     * Starts a fetcher that applies each request's answers before publishing them (see {@link AnswerApplier}) with the
     * applier {@code applier} makes of the fetcher's meters; the fetcher closes the applier when it closes.
     */
    public static StateFetcher start(FetcherConfig config, Function<MeterRegistry, AnswerApplier> applier) {
        StateFetcher fetcher = new StateFetcher(config, applier);
        fetcher.http.start();
        fetcher.streams.start();
        return fetcher;
    }

    /** @return the configuration this fetcher runs with */
    public FetcherConfig config() {
        return config;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The tasks this instance processes now: not its standby or warm-up copies. */
    public Set<TaskId> activeTasks() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(TaskMetadata::taskId)
                .collect(Collectors.toUnmodifiableSet());
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** The fetcher's meters ({@code doorbell.fetcher.*}) and Kafka Streams' own, as served on {@code /metrics}. */
    public MeterRegistry meters() {
        return meters;
    }

    private Health health() {
        KafkaStreams.State state = streams.state();
        Map<String, Object> details = Map.of("streams", state.name(), "application_id", config.applicationId(),
                "processing_guarantee", config.processingGuarantee().streamsName());
        return state.isRunningOrRebalancing() ? Health.up(details) : Health.down(details);
    }

    @Override
    public void close() {
        wakeups.closing();
        streams.close(config.closeTimeout());
        applier.close();
        streamsMetrics.close();
        sledClient.close();
        registry.close();
        http.close();
    }
}
