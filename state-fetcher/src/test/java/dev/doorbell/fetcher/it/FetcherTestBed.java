package dev.doorbell.fetcher.it;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.kafka.TopicTail;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.Json;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.Resources;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The state fetcher's test bed, not a pipeline: one test's own topics on the shared broker and
 * registry (created as the assembly creates them), the directory ({@code vmm.placements},
 * {@code sleds}) and raw doorbells written by hand around the fetchers under test, and background
 * readers ({@link TopicTail}) of the observations (decoded through the registry) and of the dead
 * letters, indexed for assertions. The whole pipeline is assembled by the assembly module.
 */
final class FetcherTestBed implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KafkaCluster kafka;
    private final RegistryServer registry;
    private final PipelineTopics topics;
    private final String applicationId;
    private final KafkaProducer<String, String> directory;
    private final KafkaProducer<byte[], byte[]> doorbells;
    private final SchemaRegistryClient registryClient;
    private final TopicTail<String, VmmStateObservation> observations;
    private final TopicTail<byte[], byte[]> deadLetters;
    private final Map<UUID, List<VmmStateObservation>> byVmm = new ConcurrentHashMap<>();
    private final Resources owned = new Resources((resource, e) -> { }); // best effort: the shared broker outlives the test

    private FetcherTestBed(KafkaCluster kafka, RegistryServer registry, int partitions, String isolationLevel) {
        this.kafka = kafka;
        this.registry = registry;
        String suffix = "-" + UUID.randomUUID();
        this.topics = PipelineTopics.suffixed(suffix);
        this.applicationId = "fetcher-it" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topics.ensure(admin, partitions, (short) 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the test's topics", e);
        }
        this.directory = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
        this.doorbells = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        this.registryClient = new SchemaRegistryClient(RegistryConfig.of(registry.ccompatUrl()));
        this.observations = new TopicTail<>(kafka.bootstrapServers(), topics.states(), isolationLevel,
                new StringDeserializer(), AvroDeserializer.specific(registryClient, VmmStateObservation.class),
                record -> byVmm.computeIfAbsent(record.value().getVmmId(), v -> new CopyOnWriteArrayList<>()).add(record.value()));
        this.deadLetters = new TopicTail<>(kafka.bootstrapServers(), topics.doorbellsDlq(), isolationLevel,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), record -> { });
    }

    /** Topics with {@code partitions} partitions; observations read uncommitted (at-least-once). */
    static FetcherTestBed create(KafkaCluster kafka, RegistryServer registry, int partitions) {
        return new FetcherTestBed(kafka, registry, partitions, "read_uncommitted");
    }

    /** As {@link #create}, reading only committed observations (for exactly-once). */
    static FetcherTestBed createReadCommitted(KafkaCluster kafka, RegistryServer registry, int partitions) {
        return new FetcherTestBed(kafka, registry, partitions, "read_committed");
    }

    PipelineTopics topics() {
        return topics;
    }

    /** A fetcher on this bed's topics with this bed's application id. */
    FetcherConfig fetcherConfig(Path stateDir) {
        return FetcherConfig.defaults(kafka.bootstrapServers(), registry.ccompatUrl(), stateDir)
                .withAutoRegisterSchemas(true)
                .withApplicationId(applicationId)
                .withSettings(FetcherSettings.defaults().withTopics(topics));
    }

    /** Starts a fetcher that {@link #close} stops, unless the test closes it first. */
    StateFetcher startFetcher(FetcherConfig config) {
        StateFetcher fetcher = StateFetcher.start(config);
        owned.own(fetcher);
        return fetcher;
    }

    /** Starts a sled simulator that {@link #close} stops. */
    SledSimulator startSled(SledSimConfig config, Doorbell doorbell) {
        SledSimulator sled = SledSimulator.start(config, doorbell);
        owned.own(sled);
        return sled;
    }

    /** A real sled-side publisher ringing into this bed's doorbell topic; {@link #close} closes it. */
    DoorbellPublisher publisherFor(UUID sledId) {
        DoorbellProducerConfig config = new DoorbellProducerConfig(kafka.bootstrapServers(), topics.doorbells(), 1, Map.of());
        DoorbellPublisher publisher = DoorbellPublisher.toKafka(config, PublisherConfig.forSled(sledId));
        owned.own(publisher);
        return publisher;
    }

    /** Starts an explicitly stepped sled speaking {@code versions}, registered in the directory. */
    SledSimulator startRegisteredSled(Set<ApiVersion> versions) {
        SledSimulator sled = startSled(SledSimConfig.defaults().withApiVersions(versions)
                .withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
        registerSled(sled);
        return sled;
    }

    /** Creates {@code count} VMMs on {@code sled}, brings each to {@code running} and places it there. */
    List<UUID> runningVmms(SledSimulator sled, int count) {
        List<UUID> vmms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID vmm = UUID.randomUUID();
            sled.sled().ensure(vmm, EnsureRequest.of(UUID.randomUUID()));
            sled.sled().request(vmm, StateRequest.of(RequestedState.RUNNING));
            sled.sled().poke(vmm);
            vmms.add(vmm);
        }
        place(vmms, sled.config().sledId());
        return vmms;
    }

    /** One visible state change: a running VMM starts rebooting, a rebooting one comes back up. */
    static void change(Sled sled, UUID vmm) {
        if (sled.state(vmm).orElseThrow().vmmState().state() == VmmState.RUNNING) {
            sled.request(vmm, StateRequest.of(RequestedState.REBOOT));
        } else {
            sled.poke(vmm);
        }
    }

    // ---- the directory -------------------------------------------------------------------------

    void registerSled(SledSimulator sled) {
        registerSled(sled.config().sledId(), URI.create(sled.baseUrl()),
                sled.config().apiVersions().stream().map(ApiVersion::toString).sorted().toList());
    }

    void registerSled(UUID sledId, URI address, List<String> apiVersions) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(new SledRecord(sledId, address, apiVersions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await(directory.send(new ProducerRecord<>(topics.sleds(), sledId.toString(), json)));
    }

    void place(Collection<UUID> vmms, UUID sledId) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (UUID vmm : vmms) {
            sent.add(directory.send(new ProducerRecord<>(topics.placements(), vmm.toString(), sledId.toString())));
        }
        sent.forEach(FetcherTestBed::await);
    }

    // ---- doorbells -----------------------------------------------------------------------------

    /** Rings each VMM once (raw records, no publisher-side collapse) and waits for the acks. */
    void ring(Collection<UUID> vmms) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (UUID vmm : vmms) {
            sent.add(sendRing(vmm.toString().getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        }
        sent.forEach(FetcherTestBed::await);
    }

    /** Rings with the headers a sled's publisher sends, {@code rung-at} now; returns where it landed. */
    RecordMetadata ring(byte[] key, RecordHeaders extraHeaders) {
        return await(sendRing(key, extraHeaders));
    }

    private Future<RecordMetadata> sendRing(byte[] key, RecordHeaders headers) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        headers.add("source", "sled".getBytes(StandardCharsets.UTF_8));
        headers.add("rung-at", Long.toString(micros).getBytes(StandardCharsets.UTF_8));
        return doorbells.send(new ProducerRecord<>(topics.doorbells(), null, key, null, headers));
    }

    // ---- what came out -------------------------------------------------------------------------

    List<VmmStateObservation> observationsOf(UUID vmm) {
        return byVmm.getOrDefault(vmm, List.of());
    }

    Optional<VmmStateObservation> lastObservationOf(UUID vmm) {
        List<VmmStateObservation> all = observationsOf(vmm);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.records();
    }

    /** The sled state an observation carries, or empty if it carries none (no such VMM, unreachable). */
    static Optional<SledVmmState> stateIn(VmmStateObservation observation) {
        return observation.getOutcome() instanceof dev.doorbell.schemas.avro.SledVmmState state
                ? Optional.of(ObservationMapping.fromAvro(state)) : Optional.empty();
    }

    /** The state as an observation can carry it: Avro timestamps hold microseconds. */
    static SledVmmState inAvroPrecision(SledVmmState state) {
        return new SledVmmState(micros(state.vmmState()), micros(state.migrationIn()), micros(state.migrationOut()));
    }

    private static VmmRuntimeState micros(VmmRuntimeState s) {
        return new VmmRuntimeState(s.state(), s.gen(), s.timeUpdated().truncatedTo(ChronoUnit.MICROS), s.failureReason());
    }

    private static MigrationRuntimeState micros(MigrationRuntimeState m) {
        return m == null ? null : new MigrationRuntimeState(m.migrationId(), m.state(), m.gen(),
                m.timeUpdated().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Sum of the Prometheus samples on {@code /metrics} of {@code baseUrl} that start with {@code name}:
     * a family ({@code doorbell_fetcher_rings_consumed_total}, all label sets added up) or a family
     * and its first labels ({@code doorbell_fetcher_fetches_completed_total{outcome="found"}); 0 if none.
     */
    static double metric(String baseUrl, String name) {
        String body;
        try {
            body = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length() && " {,}".indexOf(line.charAt(name.length())) >= 0) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static double metric(StateFetcher fetcher, String name) {
        return metric(fetcher.baseUrl(), name);
    }

    @Override
    public void close() {
        owned.close(); // reverse order of start: fetchers before the sleds they call, sleds before their publishers
        observations.close();
        deadLetters.close();
        directory.close(Duration.ofSeconds(5));
        doorbells.close(Duration.ofSeconds(5));
        registryClient.close();
    }

    private Map<String, Object> producerProperties() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2);
    }

    private static RecordMetadata await(Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
        }
    }
}
