package dev.doorbell.assembly;

import dev.doorbell.fetcher.AnswerApplier;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.KafkaUpcallBodySink;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.Resources;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pipeline, assembled from a {@link PipelineSpec}: the one place that knows the start
 * order — topics, the observation schemas (registered under {@code <states topic>-value}), the
 * reconciler (with its control API), a state fetcher, the gateway — and stops in reverse.
 * Simulated sleds are added by {@link #startSled} (each rings through its own Kafka publisher and
 * registers with the control API); fetchers by {@link #startFetcher}; the reconciler can be stopped
 * and started again in its group. Used by {@code doorbell up}, the bench and the chaos suite.
 *
 * <p>{@link #close()} stops sleds, gateway, fetchers and reconciler (in that order) and ignores what
 * fails to stop; it does not touch the {@link Servers}.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration GATEWAY_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final PipelineSpec spec;
    private final Steps steps;
    /** What to close, in start order; closed in reverse. */
    private final Resources owned = new Resources(Pipeline::stopFailed);
    private final List<StateFetcher> fetchers = new CopyOnWriteArrayList<>();
    private final List<SledSimulator> sleds = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetchersStarted = new AtomicInteger();
    private SchemaRegistryClient registry;
    private List<Integer> schemaIds = List.of();
    private ReconcilerConfig reconcilerConfig;
    private volatile Reconciler reconciler;
    private ControlPlaneClient control;
    private volatile DoorbellGateway gateway;
    private DoorbellPublisher gatewayRings;
    private KafkaUpcallBodySink gatewayBodies;

    private Pipeline(PipelineSpec spec, Steps steps) {
        this.spec = spec;
        this.steps = steps;
    }

    /** Starts what {@code spec} describes, each step as it is. */
    public static Pipeline start(PipelineSpec spec) throws Exception {
        return start(spec, Steps.DIRECT);
    }

    /** Starts what {@code spec} describes, each step through {@code steps}; on failure stops what had started. */
    public static Pipeline start(PipelineSpec spec, Steps steps) throws Exception {
        Pipeline pipeline = new Pipeline(spec, steps);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        PipelineTopics topics = spec.topics();
        Servers servers = spec.servers();
        steps.run("topics", Steps.TOPICS, () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()))) {
                topics.ensure(admin, spec.partitions(), spec.replicationFactor());
            }
            return spec.partitions();
        }, partitions -> partitions + " partitions");

        registry = own(new SchemaRegistryClient(RegistryConfig.of(servers.registryUrl())));
        SchemaHistory history = SchemaHistory.forStatesTopic(topics.states());
        schemaIds = steps.run("schemas (" + history.subject() + ", FULL_TRANSITIVE)", Steps.SCHEMAS,
                () -> List.copyOf(SchemaGovernance.registerHistory(registry, history)), ids -> "ids " + ids);

        if (spec.reconciler().isPresent()) {
            reconcilerConfig = spec.reconciler().get().apply(
                    ReconcilerConfig.defaults(servers.database(), servers.bootstrapServers(), servers.registryUrl()).withTopics(topics));
            owned.onClose(this::stopReconciler);
            steps.run("reconciler (apply, sweeps, control and read API)", Steps.RECONCILER, () -> {
                startReconciler();
                return reconciler;
            }, Reconciler::baseUrl);
            // the reconciler may be restarted on another port: the client asks for its address on every call
            control = own(new ControlPlaneClient(() -> URI.create(reconciler.baseUrl())));
        }
        if (spec.fetcher().isPresent()) {
            owned.onClose(() -> fetchers.reversed().forEach(Pipeline::closeQuietly));
            for (int i = 0; i < spec.fetcher().get().initial(); i++) {
                steps.run("state fetcher (Kafka Streams)", Steps.FETCHER, this::startFetcher, StateFetcher::baseUrl);
            }
        }
        if (spec.gateway().isPresent()) {
            gateway = steps.run("gateway", Steps.GATEWAY, () -> startGateway(spec.gateway().get().port()), DoorbellGateway::baseUrl);
            owned.onClose(() -> gateway().ifPresent(Pipeline::closeQuietly)); // the gateway in place then, before its publishers
        }
    }

    private DoorbellGateway startGateway(int port) {
        if (gatewayRings == null) {
            PipelineSpec.Gateway g = spec.gateway().orElseThrow();
            String bootstrap = spec.servers().bootstrapServers();
            gatewayRings = own(DoorbellPublisher.toKafka(new DoorbellProducerConfig(bootstrap, spec.topics().doorbells(), DoorbellProducerConfig.DEFAULT_LINGER_MS,
                    g.ringOverrides()), PublisherConfig.forSource(g.source())));
            ObservationPublisher observations = own(new ObservationPublisher(
                    new ObservationProducerConfig(bootstrap, spec.topics().states(), g.observationClient(), Map.of()), registry, false));
            gatewayBodies = new KafkaUpcallBodySink(observations, Clock.systemUTC());
        }
        return new DoorbellGateway(HttpServiceConfig.defaults("gateway", port), gatewayRings, gatewayBodies,
                spec.gateway().orElseThrow().mode(), GATEWAY_PUBLISH_TIMEOUT).start();
    }

    /**
     * Deploys a new gateway in place of the running one, on the same port: the old one stops first,
     * so requests that arrive meanwhile fail (and their senders retry).
     */
    public synchronized void redeployGateway() {
        DoorbellGateway old = gateway().orElseThrow(() -> new IllegalStateException("this pipeline has no gateway"));
        int port = old.port();
        old.close();
        gateway = startGateway(port);
    }

    /**
     * Starts a simulated sled with id {@code sledId} as the spec's {@link SledWiring} says, ringing
     * through a Kafka publisher of its own, and registers it with the control API.
     *
     * @throws IllegalStateException if the spec has no sleds or no reconciler
     */
    public SledSimulator startSled(UUID sledId) {
        SledWiring wiring = spec.sleds().orElseThrow(() -> new IllegalStateException("this pipeline has no sleds"));
        if (control == null) {
            throw new IllegalStateException("sleds register with the reconciler's control API: this pipeline has none");
        }
        DoorbellPublisher publisher = own(DoorbellPublisher.toKafka(
                new DoorbellProducerConfig(spec.servers().bootstrapServers(), spec.topics().doorbells(), DoorbellProducerConfig.DEFAULT_LINGER_MS, Map.of()),
                PublisherConfig.forSled(sledId)));
        Doorbell doorbell = wiring.doorbell(sledId, publisher);
        SledSimulator sled = own(SledSimulator.start(wiring.config(sledId), doorbell));
        URI address = wiring.address(sled, owned::onClose);
        control.registerSled(sledId, address, Set.copyOf(sled.config().apiVersions()));
        sleds.add(sled);
        return sled;
    }

    /**
     * Sleds started from now on register with the control API at {@code address}: a reconciler that runs elsewhere
     * (a process of its own). The address is asked for on every call, so it may change when that reconciler does.
     *
     * @throws IllegalStateException if this pipeline runs its own reconciler
     */
    public synchronized void useControlPlane(Supplier<URI> address) {
        if (reconcilerConfig != null) {
            throw new IllegalStateException("this pipeline runs its own reconciler: its sleds register there");
        }
        if (control == null) {
            control = own(new ControlPlaneClient(address));
        }
    }

    /** Starts another instance of the pipeline's state fetcher (its own state directory, the same application id). */
    public StateFetcher startFetcher() {
        return startFetcher(UnaryOperator.identity());
    }

    /** Starts another instance of the pipeline's state fetcher, its settings adjusted by {@code adjust} after the spec's. */
    public StateFetcher startFetcher(UnaryOperator<FetcherConfig> adjust) {
        PipelineSpec.Fetchers f = spec.fetcher().orElseThrow(() -> new IllegalStateException("this pipeline has no fetcher"));
        int n = fetchersStarted.incrementAndGet();
        FetcherConfig config = adjust.apply(f.config().apply(FetcherConfig.defaults(spec.servers().bootstrapServers(),
                spec.servers().registryUrl(), f.stateDir().apply(n)).withSettings(FetcherSettings.defaults().withTopics(spec.topics()))));
        StateFetcher fetcher = f.applyAhead().isPresent()
                ? StateFetcher.start(config.applyingAhead(), meters -> answerApplier(meters, f.applyAhead().get()))
                : StateFetcher.start(config);
        fetchers.add(fetcher);
        return fetcher;
    }

    /**
     * A fetcher's applier on the pipeline's database; it records the apply meters into this pipeline's reconciler's
     * (where the bench and the status lines read them), or the fetcher's own ({@code fetcherMeters}) if it runs none.
     */
    private AnswerApplier answerApplier(MeterRegistry fetcherMeters, Duration linger) {
        Reconciler running = reconciler;
        return DatabaseAnswerApplier.on(spec.servers().database(), running != null ? running.meters() : fetcherMeters, linger);
    }

    /** Closes {@code fetcher} (abandoning its in-flight fetches); its tasks move to the others. */
    public void stopFetcher(StateFetcher fetcher) {
        if (fetchers.remove(fetcher)) {
            fetcher.close();
        }
    }

    /** Stops the reconciler; its uncommitted batch is applied again by the next one. */
    public synchronized void stopReconciler() {
        Reconciler running = reconciler;
        if (running != null) {
            reconciler = null;
            running.close();
        }
    }

    /** Starts the reconciler (again, in its group, with empty caches) if it is not running. */
    public synchronized void startReconciler() throws Exception {
        if (reconcilerConfig == null) {
            throw new IllegalStateException("this pipeline has no reconciler");
        }
        if (reconciler == null) {
            reconciler = Reconciler.start(reconcilerConfig);
        }
    }

    /** Stops the reconciler and starts it again with its settings adjusted by {@code adjust} (kept for later starts). */
    public synchronized void restartReconciler(UnaryOperator<ReconcilerConfig> adjust) throws Exception {
        if (reconcilerConfig == null) {
            throw new IllegalStateException("this pipeline has no reconciler");
        }
        stopReconciler();
        reconcilerConfig = adjust.apply(reconcilerConfig);
        startReconciler();
    }

    /** The running reconciler. */
    public Reconciler reconciler() {
        return Optional.ofNullable(reconciler).orElseThrow(() -> new IllegalStateException("no reconciler running"));
    }

    /** The reconciler's settings, as started. */
    public ReconcilerConfig reconcilerConfig() {
        return reconcilerConfig;
    }

    /** The control API of the running reconciler. */
    public ControlPlaneClient control() {
        return control;
    }

    /** The state fetchers running now, oldest first. */
    public List<StateFetcher> fetchers() {
        return List.copyOf(fetchers);
    }

    /** The first state fetcher still running. */
    public StateFetcher fetcher() {
        return fetchers.stream().findFirst().orElseThrow(() -> new IllegalStateException("no fetcher running"));
    }

    public Optional<DoorbellGateway> gateway() {
        return Optional.ofNullable(gateway);
    }

    /** The sleds started so far, in order. */
    public List<SledSimulator> sleds() {
        return List.copyOf(sleds);
    }

    /** Registry ids of the observation schema's versions, oldest first. */
    public List<Integer> schemaIds() {
        return schemaIds;
    }

    /** The pipeline's registry client (closed with it). */
    public SchemaRegistryClient registry() {
        return registry;
    }

    public PipelineSpec spec() {
        return spec;
    }

    public PipelineTopics topics() {
        return spec.topics();
    }

    private <T> T own(T resource) {
        return owned.own(resource);
    }

    @Override
    public void close() {
        owned.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        Resources.closeQuietly(c, Pipeline::stopFailed);
    }

    private static void stopFailed(AutoCloseable resource, Exception e) {
        LOG.atInfo().setMessage("while stopping the pipeline").addKeyValue("error", e.toString()).log();
    }
}
