package dev.doorbell.bench.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.KafkaUpcallBodySink;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.KafkaDoorbellSink;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.SchemaGovernance;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.IllegalTransitionException;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code doorbell bench latency}: on one stack started here (Kafka broker and Apicurio Registry as
 * processes, embedded PostgreSQL, the reconciler, the state fetcher, the gateway in {@code body}
 * mode, simulated sleds with explicit stepping), drives steady churn at each rate in each mode and
 * measures time from each change's {@code time_updated} to the moment the reconciler's database holds
 * that generation ({@link ApplyPoller}). The bench makes the changes itself (a REBOOT request or a
 * poke of a random VMM) and delivers the notification as the mode's sled would: a Kafka doorbell
 * ring, an HTTP PUT of the full 1.0.0-shaped state to the gateway or to the reconciler's legacy
 * endpoint, or nothing (the watcher sweep, restarted with a shortened period, finds the change).
 */
public final class LatencyBench {

    /**
     * @param rates       state changes per second, each run in every mode
     * @param vmms        VMMs across all sleds
     * @param sleds       simulated sleds
     * @param seconds     measured seconds per (mode, rate)
     * @param sweepPeriod the watcher sweep's period in {@code watcher-only} mode
     * @param modes       modes to run, in order
     * @param pollInterval how often the database is polled
     */
    public record Options(List<Integer> rates, int vmms, int sleds, int seconds, Duration sweepPeriod, List<LatencyMode> modes,
                          Duration pollInterval) {
        public Options {
            rates = List.copyOf(rates);
            modes = List.copyOf(modes);
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || vmms < 1 || sleds < 1 || seconds < 1 || modes.isEmpty()) {
                throw new IllegalArgumentException("rates, VMMs, sleds, seconds and modes must be positive and non-empty");
            }
        }
    }

    private static final int MAX_IN_FLIGHT_PUTS = 128;

    private final Options options;
    private final PrintWriter out;
    private final ObjectMapper mapper = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PUTS);
    private final AtomicLong putFailures = new AtomicLong();

    private final List<SledSimulator> sleds = new ArrayList<>();
    private final List<DoorbellPublisher> rings = new ArrayList<>();
    private final List<UUID> vmmIds = new ArrayList<>();
    private final List<Integer> vmmSled = new ArrayList<>();

    public LatencyBench(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** The settings as written to the report. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vmms", options.vmms());
        s.put("sleds", options.sleds());
        s.put("seconds_per_phase", options.seconds());
        s.put("rates", options.rates());
        s.put("modes", options.modes().stream().map(LatencyMode::wireName).toList());
        s.put("watcher_only_sweep_period_ms", options.sweepPeriod().toMillis());
        s.put("other_modes_sweep_period_ms", SweepSettings.defaults().period().toMillis());
        s.put("poll_interval_ms", options.pollInterval().toMillis());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("jdk", Runtime.version().toString());
        s.put("load_average_1m_at_report", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage() * 100) / 100.0);
        return s;
    }

    /** Starts the stack, runs every (mode, rate) phase and stops everything. */
    public List<LatencyResult> run() throws Exception {
        Path work = Files.createTempDirectory("doorbell-bench-latency");
        progress("starting broker, registry, PostgreSQL ...");
        try (LocalKafkaCluster kafka = LocalKafkaCluster.start(KafkaClusterConfig.single(work.resolve("kafka")));
             ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistryConfig.inMemory(work.resolve("registry")));
             SchemaRegistryClient registryClient = new SchemaRegistryClient(RegistryConfig.of(registry.ccompatUrl()));
             Postgres postgres = Postgres.start(PostgresConfig.forTests(work.resolve("postgres.log")))) {
            String bootstrap = kafka.bootstrapServers();
            PipelineTopics topics = PipelineTopics.defaults();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                topics.ensure(admin, 6, (short) 1);
            }
            SchemaGovernance.registerHistory(registryClient, SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE));
            ReconcilerConfig reconcilerConfig = ReconcilerConfig.defaults(
                    Database.Config.of(postgres.jdbcUrl(), postgres.user(), postgres.password()), bootstrap, registry.ccompatUrl())
                    .withTopics(topics).withHttpPort(0);

            progress("starting sleds, fetcher, gateway, reconciler ...");
            try (DirectoryPublisher directory = new DirectoryPublisher(bootstrap, topics.sleds(), topics.placements(), Map.of());
                 ObservationPublisher observations = new ObservationPublisher(new ObservationProducerConfig(bootstrap, topics.states(),
                         "doorbell-gateway", Map.of()), registryClient, false);
                 DoorbellPublisher gatewayRings = newPublisher(bootstrap, topics, UUID.randomUUID());
                 DoorbellGateway gateway = new DoorbellGateway(HttpServiceConfig.defaults("gateway", 0), gatewayRings,
                         new KafkaUpcallBodySink(observations, Clock.systemUTC()), () -> UpcallMode.BODY, Duration.ofSeconds(10)).start();
                 StateFetcher fetcher = StateFetcher.start(FetcherConfig.defaults(bootstrap, registry.ccompatUrl(), work.resolve("fetcher"))
                         .withSettings(FetcherSettings.defaults().withTopics(FetcherSettings.FetcherTopics.of(topics))));
                 ApplyPoller poller = new ApplyPoller(postgres.jdbcUrl(), postgres.user(), postgres.password(), options.pollInterval())) {
                startSleds(directory, bootstrap, topics);
                List<LatencyResult> results = new ArrayList<>();
                Reconciler reconciler = Reconciler.start(reconcilerConfig);
                try {
                    Endpoints endpoints = new Endpoints(URI.create(gateway.baseUrl()), URI.create(reconciler.baseUrl()));
                    progress("warming up (every VMM into the database, then each notifying mode) ...");
                    for (int i = 0; i < vmmIds.size(); i++) {
                        change(i, LatencyMode.DIRECT_UPCALL, endpoints, poller);
                    }
                    awaitDrained(poller, Duration.ofSeconds(60));
                    for (LatencyMode mode : List.of(LatencyMode.DOORBELL, LatencyMode.UPCALL_BODY, LatencyMode.DIRECT_UPCALL)) {
                        if (options.modes().contains(mode)) {
                            drive(mode, 200, Duration.ofSeconds(2), endpoints, poller, new SplittableRandom(7));
                            awaitDrained(poller, Duration.ofSeconds(10));
                        }
                    }
                    poller.forgetPending();
                    poller.drainLatencies();
                    for (LatencyMode mode : options.modes()) {
                        if (mode == LatencyMode.WATCHER_ONLY) {
                            reconciler.close();
                            reconciler = Reconciler.start(reconcilerConfig.withSweep(SweepSettings.defaults().withPeriod(options.sweepPeriod())));
                            endpoints = new Endpoints(endpoints.gateway(), URI.create(reconciler.baseUrl()));
                        }
                        for (int rate : options.rates()) {
                            results.add(phase(mode, rate, endpoints, poller));
                        }
                    }
                    if (poller.failure() != null) {
                        throw poller.failure();
                    }
                    return results;
                } finally {
                    reconciler.close();
                    for (DoorbellPublisher p : rings) {
                        p.close();
                    }
                    for (SledSimulator s : sleds) {
                        s.close();
                    }
                }
            }
        }
    }

    private record Endpoints(URI gateway, URI reconciler) {}

    private LatencyResult phase(LatencyMode mode, int rate, Endpoints endpoints, ApplyPoller poller) {
        long made = drive(mode, rate, Duration.ofSeconds(options.seconds()), endpoints, poller, new SplittableRandom(rate * 31L + mode.ordinal()));
        Duration drain = mode == LatencyMode.WATCHER_ONLY
                ? options.sweepPeriod().multipliedBy(3).plusSeconds(5) : Duration.ofSeconds(10);
        awaitDrained(poller, drain);
        long unmeasured = poller.forgetPending();
        LatencyResult result = new LatencyResult(mode, rate, made, poller.drainLatencies(), unmeasured);
        progress(String.format(java.util.Locale.ROOT, "%-13s %5d/s done: %d changes, p50 %.1f ms, p99 %.1f ms, %d not seen applied",
                mode.wireName(), rate, made, result.quantile(0.5), result.quantile(0.99), unmeasured));
        return result;
    }

    /** Makes {@code rate} changes a second for {@code length}, printing a progress line each second. */
    private long drive(LatencyMode mode, int rate, Duration length, Endpoints endpoints, ApplyPoller poller, SplittableRandom random) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long done = 0;
        long nextProgress = start + 1_000_000_000L;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                if (mode == LatencyMode.DOORBELL) {
                    rings.forEach(p -> p.flush(Duration.ofSeconds(30)));
                }
                return done;
            }
            long owed = (long) ((now - start) / 1e9 * rate);
            while (done < owed) {
                change(random.nextInt(vmmIds.size()), mode, endpoints, poller);
                done++;
            }
            if (now >= nextProgress) {
                nextProgress += 1_000_000_000L;
                long elapsed = (now - start) / 1_000_000_000L;
                progressInline(String.format(java.util.Locale.ROOT, "%-13s %5d/s  [%s] %d/%d s, %d changes, %d pending",
                        mode.wireName(), rate, bar(elapsed, length.toSeconds()), elapsed, length.toSeconds(), done, poller.pendingCount()));
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static String bar(long done, long total) {
        int width = 20;
        int filled = (int) Math.min(width, total == 0 ? width : done * width / total);
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    /** One observable change of VMM {@code index}, registered with the poller, then notified as {@code mode} does. */
    private void change(int index, LatencyMode mode, Endpoints endpoints, ApplyPoller poller) {
        UUID vmm = vmmIds.get(index);
        int sledIndex = vmmSled.get(index);
        Sled sled = sleds.get(sledIndex).sled();
        SledVmmState state;
        try {
            state = sled.hasPendingStep(vmm) ? sled.poke(vmm) : sled.request(vmm, StateRequest.of(RequestedState.REBOOT));
        } catch (IllegalTransitionException e) {
            state = sled.poke(vmm);
        }
        poller.expect(vmm, state.vmmState().gen(), state.vmmState().timeUpdated());
        UUID sledId = sled.id();
        switch (mode) {
            case DOORBELL -> rings.get(sledIndex).ring(vmm);
            case UPCALL_BODY -> put(endpoints.gateway().resolve("/v1/vmms/" + vmm), sledId, state);
            case DIRECT_UPCALL -> put(endpoints.reconciler().resolve("/v1/legacy/vmms/" + vmm), sledId, state);
            case WATCHER_ONLY -> { }
        }
    }

    private void put(URI uri, UUID sledId, SledVmmState state) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(state.inShapeOf(ApiVersion.V1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        inFlight.acquireUninterruptibly();
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("sled-id", sledId.toString()).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    inFlight.release();
                    if (failure != null || response.statusCode() >= 300) {
                        putFailures.incrementAndGet();
                    }
                });
    }

    private void startSleds(DirectoryPublisher directory, String bootstrap, PipelineTopics topics) throws Exception {
        for (int s = 0; s < options.sleds(); s++) {
            UUID sledId = UUID.randomUUID();
            SledSimulator sled = SledSimulator.start(new SledSimConfig("127.0.0.1", 0, sledId, Set.copyOf(ApiVersion.KNOWN),
                    SteppingMode.EXPLICIT, Duration.ZERO, SledSimConfig.DEFAULT_RETENTION, NotifyMode.NONE, null, 0, 0), null);
            sleds.add(sled);
            rings.add(newPublisher(bootstrap, topics, sledId));
            directory.publishSled(new SledRecord(sledId, URI.create(sled.baseUrl()), List.of("1.0.0", "2.0.0"))).get();
            for (int i = s; i < options.vmms(); i += options.sleds()) {
                UUID vmm = UUID.randomUUID();
                sled.sled().ensure(vmm, EnsureRequest.of(UUID.randomUUID()));
                sled.sled().request(vmm, StateRequest.of(RequestedState.RUNNING));
                while (sled.sled().hasPendingStep(vmm)) {
                    sled.sled().poke(vmm);
                }
                directory.publishPlacement(vmm, sledId);
                vmmIds.add(vmm);
                vmmSled.add(s);
            }
        }
        directory.flush();
    }

    private static DoorbellPublisher newPublisher(String bootstrap, PipelineTopics topics, UUID sledId) {
        return new DoorbellPublisher(new KafkaDoorbellSink(new DoorbellProducerConfig(bootstrap, topics.doorbells(), 1, Map.of())),
                PublisherConfig.forSled(sledId), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private void awaitDrained(ApplyPoller poller, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (poller.pendingCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
    }

    /** @return PUTs that failed or were refused so far */
    public long putFailures() {
        return putFailures.get();
    }

    private void progress(String line) {
        out.println("\r" + line + " ".repeat(10));
        out.flush();
    }

    private void progressInline(String line) {
        out.print("\r" + line);
        out.flush();
    }
}
