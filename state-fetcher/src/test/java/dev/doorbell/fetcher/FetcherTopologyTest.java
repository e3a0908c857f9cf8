package dev.doorbell.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.ScriptedSledClient.Request;
import dev.doorbell.fetcher.sled.VmmFetchResult;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.AppliedMark;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroSerializer;
import dev.doorbell.serde.TopicNameStrategy;
import dev.doorbell.topics.DeadLetterHeaders;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch processor with wall-clock time driven explicitly: every guarantee and every failure
 * path, with a sled client whose answers the test gives by hand.
 */
class FetcherTopologyTest {

    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");
    /** dropshot's answer to a version newer than the sled's: a 400 that lists nothing. */
    private static final String TOO_NEW = "server does not support this API version: 2.0.0";
    private static final FetchPolicy POLICY = new FetchPolicy(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5));

    @TempDir
    Path stateDir;

    private final ScriptedSledClient client = new ScriptedSledClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UUID sledA = UUID.randomUUID();
    private final UUID sledB = UUID.randomUUID();
    private TopologyTestDriver driver;
    private final FetchWakeups wakeups = new FetchWakeups();
    private TestInputTopic<byte[], byte[]> doorbells;
    private TestInputTopic<String, String> placements;
    private TestInputTopic<String, String> sleds;
    private TestOutputTopic<String, VmmStateObservation> states;
    private TestOutputTopic<byte[], byte[]> dlq;
    /** While set, observations are serialized through a schema registry that does not answer. */
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final SchemaRegistryClient unreachableRegistry = new SchemaRegistryClient(
            RegistryConfig.of("http://127.0.0.1:1/apis/ccompat/v7"));

    @BeforeEach
    void startDriver() {
        start(FetcherSettings.defaults().withPolicy(POLICY).withLimits(4, 2));
        registerSled(sledA, "http://127.0.0.1:9001");
        registerSled(sledB, "http://127.0.0.1:9002");
    }

    private void start(FetcherSettings settings) {
        start(settings, AnswerApplier.NONE);
    }

    private void start(FetcherSettings settings, AnswerApplier applier) {
        PipelineTopics topics = PipelineTopics.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fetcher-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG"); // task-level punctuate-total
        driver = new TopologyTestDriver(FetcherTopology.build(settings, client,
                new FetchLimiter(settings.maxInFlight(), settings.maxInFlightPerSled()),
                new SledVersions(settings.versionReprobe()), new FetcherMetrics(meters), observationSerializer(), wakeups, applier), props, START);
        doorbells = driver.createInputTopic(topics.doorbells(), new ByteArraySerializer(), new ByteArraySerializer());
        placements = driver.createInputTopic(topics.placements(), new StringSerializer(), new StringSerializer());
        sleds = driver.createInputTopic(topics.sleds(), new StringSerializer(), new StringSerializer());
        states = driver.createOutputTopic(topics.states(), new StringDeserializer(), RawAvro.deserializer());
        dlq = driver.createOutputTopic(topics.doorbellsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Plain Avro, or while {@link #registryDown} the registry-backed serializer, which then fails as in an outage. */
    private Serializer<VmmStateObservation> observationSerializer() {
        Serializer<VmmStateObservation> raw = RawAvro.serializer();
        AvroSerializer<VmmStateObservation> viaRegistry = new AvroSerializer<>(unreachableRegistry, TopicNameStrategy.VALUE, false);
        return (topic, observation) -> registryDown.get() ? viaRegistry.serialize(topic, observation)
                : raw.serialize(topic, observation);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        unreachableRegistry.close();
    }

    @Test
    void anObservationThatCannotBeSerializedForWantOfTheRegistryIsFetchedAgainUntilItCanBe() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        registryDown.set(true);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);
        assertThat(states.isEmpty()).as("nothing forwarded while the registry is down").isTrue();
        assertThat(meters.counter(FetcherMetrics.OBSERVATIONS_UNFORWARDED).count()).isEqualTo(1);

        tick(1_000);
        assertThat(client.requests).as("fetched again a second later, not given up").hasSize(2);
        registryDown.set(false);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(4, null), ApiVersion.V2));
        tick(2);

        VmmStateObservation observation = states.readValue();
        assertThat(observation.getRings()).as("the ring is still the one being answered").isEqualTo(1);
        assertThat(ObservationMapping.fromAvro((dev.doorbell.schemas.avro.SledVmmState) observation.getOutcome()))
                .isEqualTo(running(4, null));
        assertThat(states.isEmpty()).isTrue();
    }

    /** What the stream thread's poll is cut to: due work now, answers at once (looked for every millisecond while awaited), nothing while idle. */
    @Test
    void theStreamThreadIsWokenForDueFetchesAndForAnswersAndLeftAloneWhenIdle() {
        assertThat(wakeups.nextWakeMs()).as("idle").isEqualTo(FetchWakeups.NEVER);
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        long mockNow = START.toEpochMilli();
        assertThat(wakeups.nextWakeMs()).as("a ring makes a fetch due now").isLessThanOrEqualTo(mockNow);

        tick(2);
        assertThat(client.requests).hasSize(1);
        long before = System.currentTimeMillis();
        assertThat(wakeups.awaitingAnswers()).as("the request is in flight: the poll looks for its answer every millisecond").isTrue();
        assertThat(wakeups.nextWakeMs()).as("but Streams' loop has nothing to do until it comes").isNotZero();

        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        assertThat(wakeups.nextWakeMs()).as("an answer waits: wake at once").isZero();

        tick(2);
        assertThat(states.readValue().getVmmId()).isEqualTo(vmm);
        assertThat(wakeups.nextWakeMs()).as("answered: only the cooling entry's expiry is left")
                .isGreaterThan(mockNow + 2).isLessThan(before);
        assertThat(wakeups.awaitingAnswers()).as("nothing in flight").isFalse();
    }

    /**
     * An idle task does not punctuate: Streams marks a task that punctuated as needing a commit, so an
     * idle fetcher whose punctuator kept firing sent an offset commit every commit interval.
     */
    @Test
    void aTaskStopsPunctuatingOnceItHasNothingToDoAndStartsAgainAtTheNextRing() {
        tick(50);
        assertThat(punctuations()).as("no ring yet").isZero();

        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);
        assertThat(states.readValue().getVmmId()).isEqualTo(vmm);
        assertThat(punctuations()).as("while the fetch was due, in flight and answered").isPositive();

        tick(POLICY.minRefetchInterval().toMillis()); // the cooling entry's expiry
        tick(2);
        double idle = punctuations();
        for (int i = 0; i < 100; i++) {
            tick(10);
        }
        assertThat(punctuations()).as("a thousand idle milliseconds").isEqualTo(idle);

        ring(vmm);
        tick(2);
        assertThat(client.requests).as("the next ring is fetched").hasSize(2);
        assertThat(punctuations()).isGreaterThan(idle);
    }

    private double punctuations() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("punctuate-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void theFirstRingOfAQuietVmmIsFetchedAtOnceAndItsStateEmitted() {
        UUID vmm = place(UUID.randomUUID(), sledA);

        ring(vmm);
        tick(2);

        assertThat(client.requests).hasSize(1);
        Request request = client.last();
        assertThat(request.ids()).containsExactly(vmm);
        assertThat(request.version()).isEqualTo(ApiVersion.V2);
        assertThat(request.sled().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9001"));

        SledVmmState state = running(7, "propolis_crashed");
        request.answerAll(id -> new VmmFetchResult.Found(state, ApiVersion.V2));
        tick(2);

        VmmStateObservation observation = states.readValue();
        assertThat(observation.getVmmId()).isEqualTo(vmm);
        assertThat(observation.getSledId()).isEqualTo(sledA);
        assertThat(observation.getRings()).isEqualTo(1);
        assertThat(observation.getSledApiVersion()).isEqualTo("2.0.0");
        assertThat(ObservationMapping.fromAvro((dev.doorbell.schemas.avro.SledVmmState) observation.getOutcome())).isEqualTo(state);
        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void eachStageOfAFetchIsTimed() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        assertThat(meters.timer(FetcherMetrics.RING_TO_START_LATENCY).count()).as("started").isEqualTo(1);
        assertThat(meters.timer(FetcherMetrics.SLED_REQUEST_LATENCY).count()).as("not answered yet").isZero();

        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        assertThat(meters.timer(FetcherMetrics.SLED_REQUEST_LATENCY).count()).as("answered, on the client's thread").isEqualTo(1);
        assertThat(meters.timer(FetcherMetrics.FETCH_LATENCY).count()).as("not yet handled by the stream thread").isZero();
        tick(2);

        assertThat(states.readValue().getVmmId()).isEqualTo(vmm);
        assertThat(meters.timer(FetcherMetrics.FETCH_LATENCY).count()).isEqualTo(1);
        assertThat(meters.timer(FetcherMetrics.RING_TO_EMIT_LATENCY).count()).isEqualTo(1);
        assertThat(meters.timer(FetcherMetrics.RING_TO_START_LATENCY).totalTime(TimeUnit.MILLISECONDS))
                .as("the ring waited for its round; its emit waited for the answer's too")
                .isLessThan(meters.timer(FetcherMetrics.RING_TO_EMIT_LATENCY).totalTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void ringsDuringAFetchCauseExactlyOneMoreFetchNoSoonerThanTheRefetchInterval() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        for (int i = 0; i < 50; i++) {
            ring(vmm);
            tick(1);
        }
        assertThat(client.requests).as("at most one fetch in flight per VMM").hasSize(1);

        client.last().answerAll(id -> new VmmFetchResult.Found(running(2, null), ApiVersion.V2));
        tick(2);
        assertThat(states.readValue().getRings()).isEqualTo(1);
        assertThat(client.requests).as("the refetch interval has not passed since the first fetch started").hasSize(1);

        tick(60);
        assertThat(client.requests).hasSize(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);

        VmmStateObservation second = states.readValue();
        assertThat(second.getRings()).isEqualTo(50);
        tick(500);
        assertThat(client.requests).as("nothing rang after the second fetch started").hasSize(2);
    }

    @Test
    void aBurstCostsAtMostTwoPlusItsSpanOverTheIntervalFetches() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        long span = 1_000;
        for (long t = 0; t < span; t += 5) {
            ring(vmm);
            client.open().forEach(r -> r.answerAll(id -> new VmmFetchResult.Found(running(2, null), ApiVersion.V2)));
            tick(5);
        }
        for (int i = 0; i < 50; i++) {
            client.open().forEach(r -> r.answerAll(id -> new VmmFetchResult.Found(running(2, null), ApiVersion.V2)));
            tick(20);
        }
        long bound = 2 + span / POLICY.minRefetchInterval().toMillis();
        assertThat((long) client.requests.size()).isBetween(2L, bound);
    }

    @Test
    void fetchesDueForOneSledTogetherGoOutAsOneBatch() {
        UUID one = place(UUID.randomUUID(), sledA);
        UUID two = place(UUID.randomUUID(), sledA);
        UUID three = place(UUID.randomUUID(), sledB);

        ring(one);
        ring(two);
        ring(three);
        tick(2);

        assertThat(client.requests).hasSize(2);
        assertThat(client.to(one)).singleElement().satisfies(r -> assertThat(r.ids()).containsExactlyInAnyOrder(one, two));
        assertThat(client.to(three)).singleElement().satisfies(r -> assertThat(r.ids()).containsExactly(three));
    }

    @Test
    void aSledThatOnlySpeaksAnOlderVersionIsAskedAgainInItAndRemembered() {
        UUID one = place(UUID.randomUUID(), sledA);
        UUID two = place(UUID.randomUUID(), sledA);
        ring(one);
        ring(two);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected(TOO_NEW));
        tick(2);

        List<Request> retries = client.requests.subList(1, client.requests.size());
        assertThat(retries).hasSize(2).allSatisfy(r -> {
            assertThat(r.version()).isEqualTo(ApiVersion.V1);
            assertThat(r.ids()).hasSize(1);
        });
        retries.forEach(r -> r.answerAll(id -> new VmmFetchResult.Found(running(4, null), ApiVersion.V1)));
        tick(2);
        assertThat(states.readValuesToList()).extracting(VmmStateObservation::getSledApiVersion).containsOnly("1.0.0");

        ring(one);
        tick(200);
        assertThat(client.last().version()).as("the choice is remembered").isEqualTo(ApiVersion.V1);
    }

    @Test
    void aRememberedOlderVersionIsReprobedWithTheNewestAfterTheReprobeInterval() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected(TOO_NEW));
        tick(2);
        assertThat(client.last().version()).isEqualTo(ApiVersion.V1);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(4, null), ApiVersion.V1));
        tick(2);

        driver.advanceWallClockTime(FetcherSettings.defaults().versionReprobe());
        ring(vmm);
        tick(2);
        assertThat(client.last().version()).as("re-probed with the newest once the choice is old").isEqualTo(ApiVersion.V2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(5, "propolis_crashed"), ApiVersion.V2));
        tick(2);
        assertThat(states.readValuesToList()).extracting(VmmStateObservation::getSledApiVersion).containsExactly("1.0.0", "2.0.0");
    }

    @Test
    void aSledThatRefusesEveryKnownVersionIsAnOrdinaryFailureThatBacksOffAndStartsOverFromTheNewest() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected(TOO_NEW));
        tick(2);
        assertThat(client.last().version()).as("falls back, newest first").isEqualTo(ApiVersion.V1);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected("server does not support this API version: 1.0.0"));
        tick(2);
        assertThat(client.requests).as("no older version left: backs off instead of asking again at once").hasSize(2);
        assertThat(states.isEmpty()).as("neither a state nor an immediate SledUnreachable").isTrue();

        tick(POLICY.initialBackoff().toMillis());
        assertThat(client.requests).hasSize(3);
        assertThat(client.last().version()).as("after the back-off the sled is probed from the newest again").isEqualTo(ApiVersion.V2);
    }

    @Test
    void aFailedFetchIsRetriedAndNeverReportedAsNoSuchVmm() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Failed("sled answered 404: Not Found", true));
        tick(2);
        assertThat(states.isEmpty()).isTrue();
        tick(POLICY.initialBackoff().toMillis());
        assertThat(client.requests).as("retried after the back-off").hasSize(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);
        assertThat(states.readValue().getOutcome()).isInstanceOf(dev.doorbell.schemas.avro.SledVmmState.class);
    }

    @Test
    void aSledThatRegistersAgainAfterAnUpdateIsAskedInTheNewestVersionAtOnce() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected(TOO_NEW));
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(4, null), ApiVersion.V1));
        tick(200);

        registerSled(sledA, "http://127.0.0.1:9001", List.of("2.0.0"));
        ring(vmm);
        tick(2);

        assertThat(client.last().version()).as("the updated sled is asked in 2.0.0, not in the remembered 1.0.0")
                .isEqualTo(ApiVersion.V2);
    }

    @Test
    void aMissingVmmIsReportedAsNoSuchVmm() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.NotFound(ApiVersion.V2));
        tick(2);

        assertThat(states.readValue().getOutcome()).isInstanceOf(NoSuchVmm.class);
    }

    @Test
    void failuresBackOffThenGiveUpWithSledUnreachableUntilTheNextRing() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        int attempts = 0;
        for (int i = 0; i < 200 && states.isEmpty(); i++) {
            client.open().forEach(r -> r.answerAll(id -> new VmmFetchResult.Failed("connection refused", true)));
            attempts = client.requests.size();
            tick(100);
        }
        VmmStateObservation unreachable = states.readValue();
        SledUnreachable outcome = (SledUnreachable) unreachable.getOutcome();
        assertThat(outcome.getError()).isEqualTo("connection refused");
        assertThat(outcome.getAttempts()).isEqualTo(attempts);
        assertThat(attempts).as("exponential back-off, not a retry per tick").isBetween(4, 12);
        assertThat(unreachable.getRings()).isEqualTo(1);

        int before = client.requests.size();
        tick(10_000);
        assertThat(client.requests).as("dropped until the next ring").hasSize(before);
        ring(vmm);
        tick(2);
        assertThat(client.requests).hasSize(before + 1);
    }

    @Test
    void aRingForAVmmOfAnExpungedSledIsAnsweredSledUnreachableWithoutCallingTheSled() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        expunge(sledA);
        ring(vmm);
        tick(2);

        assertThat(client.requests).as("an expunged sled is never called").isEmpty();
        VmmStateObservation observation = states.readValue();
        assertThat(observation.getVmmId()).isEqualTo(vmm);
        assertThat(observation.getSledId()).isEqualTo(sledA);
        assertThat(observation.getRings()).isEqualTo(1);
        SledUnreachable outcome = (SledUnreachable) observation.getOutcome();
        assertThat(outcome.getError()).isEqualTo("sled expunged");
        assertThat(outcome.getAttempts()).isZero();

        tick(10_000);
        assertThat(states.isEmpty()).as("answered once, then dropped until the next ring").isTrue();
        ring(vmm);
        tick(200);
        assertThat(states.readValue().getOutcome()).isInstanceOf(SledUnreachable.class);
        assertThat(client.requests).isEmpty();
    }

    @Test
    void aFetchBackingOffFromASledThatIsThenExpungedStopsAtItsNextAttempt() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.open().forEach(r -> r.answerAll(id -> new VmmFetchResult.Failed("connection refused", true)));
        tick(2);
        int calls = client.requests.size();
        expunge(sledA);
        tick(10_000);

        assertThat(client.requests).as("no retry against an expunged sled").hasSize(calls);
        SledUnreachable outcome = (SledUnreachable) states.readValue().getOutcome();
        assertThat(outcome.getError()).isEqualTo("sled expunged");
        assertThat(states.isEmpty()).isTrue();
    }

    private void expunge(UUID sled) {
        try {
            sleds.pipeInput(sled.toString(), Json.mapper().writeValueAsString(
                    new SledRecord(sled, URI.create("http://127.0.0.1:9001"), List.of("1.0.0", "2.0.0"), true)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badKeysAreDeadLetteredWithReasonAndOriginAndTheStreamGoesOn() {
        doorbells.pipeInput(new TestRecord<>("not-a-uuid".getBytes(StandardCharsets.UTF_8), null));
        doorbells.pipeInput(new TestRecord<byte[], byte[]>(null, null));
        UUID vmm = place(UUID.randomUUID(), sledA);
        doorbells.pipeInput(new TestRecord<>(vmm.toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8), null));
        ring(vmm);
        tick(2);

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(header(dead.get(2), DeadLetterHeaders.REASON)).as("another spelling of a VMM id could be fetched by another task")
                .isEqualTo(DeadLetters.INVALID_KEY);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.INVALID_KEY);
        assertThat(dead.get(0).key()).isEqualTo("not-a-uuid".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.get(0), DeadLetterHeaders.TOPIC)).isEqualTo(PipelineTopics.defaults().doorbells());
        assertThat(header(dead.get(0), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.NULL_KEY);
        assertThat(client.requests).as("the stream went on").hasSize(1);
    }

    @Test
    void aVmmWithoutPlacementWaitsForItThenIsDeadLettered() {
        UUID late = UUID.randomUUID();
        UUID never = UUID.randomUUID();
        ring(late);
        ring(never);
        tick(1_000);
        assertThat(client.requests).isEmpty();

        place(late, sledB);
        tick(600);
        assertThat(client.requests).singleElement().satisfies(r -> assertThat(r.ids()).containsExactly(late));

        tick(5_000);
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(never.toString());
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.UNKNOWN_VMM);
        });
    }

    @Test
    void nothingInADoorbellChoosesWhereTheFetcherConnects() {
        UUID vmm = place(UUID.randomUUID(), sledA);
        RecordHeaders hostile = new RecordHeaders();
        hostile.add("address", "http://169.254.169.254".getBytes(StandardCharsets.UTF_8));
        hostile.add("sled-id", sledB.toString().getBytes(StandardCharsets.UTF_8));
        hostile.add("host", "evil.example".getBytes(StandardCharsets.UTF_8));
        doorbells.pipeInput(new TestRecord<>(vmm.toString().getBytes(StandardCharsets.UTF_8), null, hostile));
        tick(2);

        assertThat(client.requests).singleElement().satisfies(r -> {
            assertThat(r.sled().sledId()).isEqualTo(sledA);
            assertThat(r.sled().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        });
    }

    @Test
    void aSlowSledHoldsOnlyItsOwnShareOfTheConcurrencyBound() {
        // Sled A speaks only 1.0.0: one request per VMM, at most 2 in flight (the per-sled bound).
        UUID first = place(UUID.randomUUID(), sledA);
        ring(first);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.VersionRejected(TOO_NEW));
        tick(2);
        for (int i = 0; i < 5; i++) {
            ring(place(UUID.randomUUID(), sledA));
        }
        tick(2);
        long openToA = client.open().stream().filter(r -> r.sled().sledId().equals(sledA)).count();
        assertThat(openToA).isEqualTo(2);

        UUID onB = place(UUID.randomUUID(), sledB);
        ring(onB);
        tick(2);
        assertThat(client.to(onB)).as("sled B is not held up by sled A").hasSize(1);
    }

    /** Restarts the driver on a fetcher that applies its answers with {@code applier}, the two sleds registered again. */
    private void restartApplyingWith(AnswerApplier applier) {
        driver.close();
        start(FetcherSettings.defaults().withPolicy(POLICY).withLimits(4, 2), applier);
        registerSled(sledA, "http://127.0.0.1:9001");
        registerSled(sledB, "http://127.0.0.1:9002");
    }

    @Test
    void answersTheApplierCommittedArePublishedAsAppliedAndTheOthersForTheReconciler() {
        List<List<VmmStateObservation>> handed = new ArrayList<>();
        UUID committed = UUID.randomUUID();
        restartApplyingWith(observations -> {
            handed.add(observations);
            return CompletableFuture.completedFuture(Set.of(committed)); // the other one refused (say, no row)
        });
        UUID refused = place(UUID.randomUUID(), sledA);
        place(committed, sledA);
        ring(committed);
        ring(refused);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);

        List<TestRecord<String, VmmStateObservation>> published = states.readRecordsToList();
        assertThat(published).extracting(TestRecord::key).containsExactlyInAnyOrder(committed.toString(), refused.toString());
        assertThat(published).filteredOn(r -> r.key().equals(committed.toString()))
                .singleElement().satisfies(r -> assertThat(AppliedMark.isMarked(r.headers())).isTrue());
        assertThat(published).filteredOn(r -> r.key().equals(refused.toString()))
                .singleElement().satisfies(r -> assertThat(AppliedMark.isMarked(r.headers())).isFalse());
        assertThat(handed).as("one request's answers, handed over together and published as they were applied")
                .singleElement().satisfies(list -> assertThat(list).containsExactlyInAnyOrderElementsOf(
                        published.stream().map(TestRecord::value).toList()));
        assertThat(meters.counter(FetcherMetrics.OBSERVATIONS_APPLIED).count()).isEqualTo(1);
    }

    @Test
    void aFetchStaysInFlightUntilItsAnswerIsAppliedAndAFailedApplyLeavesItToTheReconciler() {
        CompletableFuture<Set<UUID>> applying = new CompletableFuture<>();
        restartApplyingWith(observations -> applying);
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        ring(vmm);
        tick(500);
        assertThat(states.isEmpty()).as("nothing published while the database is still applying").isTrue();
        assertThat(client.requests).as("no second fetch of the VMM while its answer is being applied").hasSize(1);

        applying.completeExceptionally(new IllegalStateException("database down"));
        tick(2);

        TestRecord<String, VmmStateObservation> published = states.readRecord();
        assertThat(published.key()).isEqualTo(vmm.toString());
        assertThat(AppliedMark.isMarked(published.headers())).as("left to the reconciler").isFalse();
        assertThat(meters.counter(FetcherMetrics.OBSERVATIONS_APPLIED).count()).isZero();
        tick(200);
        assertThat(client.requests).as("the ring that came meanwhile is fetched after it").hasSize(2);
    }

    @Test
    void anApplierThatThrowsLeavesTheAnswersToTheReconciler() {
        restartApplyingWith(observations -> {
            throw new IllegalStateException("applier bug");
        });
        UUID vmm = place(UUID.randomUUID(), sledA);
        ring(vmm);
        tick(2);
        client.last().answerAll(id -> new VmmFetchResult.Found(running(3, null), ApiVersion.V2));
        tick(2);

        TestRecord<String, VmmStateObservation> published = states.readRecord();
        assertThat(published.key()).isEqualTo(vmm.toString());
        assertThat(AppliedMark.isMarked(published.headers())).isFalse();
    }

    private UUID place(UUID vmm, UUID sled) {
        placements.pipeInput(vmm.toString(), sled.toString());
        return vmm;
    }

    private void registerSled(UUID sled, String address) {
        registerSled(sled, address, List.of("1.0.0", "2.0.0"));
    }

    private void registerSled(UUID sled, String address, List<String> versions) {
        try {
            sleds.pipeInput(sled.toString(), Json.mapper().writeValueAsString(new SledRecord(sled, URI.create(address), versions)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void ring(UUID vmm) {
        doorbells.pipeInput(vmm.toString().getBytes(StandardCharsets.UTF_8), (byte[]) null);
    }

    private void tick(long millis) {
        driver.advanceWallClockTime(Duration.ofMillis(millis));
    }

    private static SledVmmState running(long gen, String failureReason) {
        return new SledVmmState(new VmmRuntimeState(VmmState.RUNNING, gen, Instant.parse("2026-11-29T11:59:59Z"), failureReason));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
