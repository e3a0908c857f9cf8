package dev.doorbell.fetcher;

import dev.doorbell.fetcher.sled.SledClientConfig;
import dev.doorbell.kafka.IdleFetch;
import dev.doorbell.kafka.KafkaClientKeys;
import dev.doorbell.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything a {@link StateFetcher} needs; the one place that builds its Kafka Streams settings.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId Kafka Streams application id (consumer group, changelog and state-dir names)
 * @param stateDir where the pending store's RocksDB lives
 * @param processingGuarantee {@code at_least_once} (default: duplicates are harmless behind the
 *     reconciler's generation guard, and it avoids exactly-once's ~60 ms commit latency) or {@code exactly_once_v2}
 * @param streamThreads stream threads of this instance
 * @param registryUrl Confluent-compatible schema registry
 * @param autoRegisterSchemas register the observation schema if its subject lacks it (local stack)
 * @param httpPort port of {@code /metrics} and {@code /health}; 0 picks a free one
 * @param settings the fetch processor's behaviour
 * @param sledClient how sleds are called
 * @param clientOverrides further Kafka client and Kafka Streams settings (TLS, SASL, {@code probing.rebalance.interval.ms},
 *     ...), applied last; Kafka Streams hands client settings on to every client it creates (consumers, producer,
 *     admin); printed with secret values hidden
 */
public record FetcherConfig(String bootstrapServers, String applicationId, Path stateDir, ProcessingGuarantee processingGuarantee,
                            int streamThreads, String registryUrl, boolean autoRegisterSchemas, int httpPort,
                            FetcherSettings settings, SledClientConfig sledClient, Map<String, String> clientOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "doorbell-fetcher";

    /**
     * Stream threads of one instance as shipped: one, since a second cost more CPU per change than it saved in
     * latency on two cores (measured in docs/PERFORMANCE.md); more instances, or {@code --stream-threads}, scale out.
     */
    public static final int DEFAULT_STREAM_THREADS = 1;

    /** Record cache of the pending store, all stream threads together: about 100,000 VMMs' entries. */
    static final long STORE_CACHE_BYTES = 32L * 1024 * 1024;

    /**
     * The observation producer's {@code linger.ms}: one send every few milliseconds under load, so the reconciler's
     * batches (one transaction each) are several observations long. {@code producer.linger.ms} in the client
     * settings overrides it. Measured in docs/PERFORMANCE.md.
     */
    public static final int OBSERVATION_LINGER_MS = 5;

    /**
     * The observation producer's {@code linger.ms} when the fetcher applies its answers ahead ({@link AnswerApplier}):
     * the records then carry what the database already has, off every change's path, so they are sent in few requests,
     * and the reconciler fetches them in few. Measured in docs/PERFORMANCE.md.
     */
    public static final int APPLIED_OBSERVATION_LINGER_MS = 50;

    /** Kafka Streams' {@code poll.ms} at least once: see {@link #streamsProperties()}. */
    static final long POLL_MS = 500;

    /**
     * Kafka Streams' {@code poll.ms} exactly once: no longer than the 100 ms commit interval, since an
     * observation is visible to {@code read_committed} readers only once its transaction commits.
     */
    static final long POLL_MS_EXACTLY_ONCE = 100;

    /**
     * How often Streams checks whether a joining instance's warm-up copies have caught up and hands
     * it their tasks: the least Streams allows (its default, 10 minutes, left a second fetcher idle
     * that long).
     */
    static final long PROBING_REBALANCE_INTERVAL_MS = 60_000;

    /**
     * Warm-up copies at once: enough to warm every task a joining instance will take in one round
     * (Streams' default, 2, moves two tasks per probing rebalance). The pending store is small, so
     * restoring it in parallel costs little.
     */
    static final int MAX_WARMUP_REPLICAS = 256;

    /** The settings a user may give the fetcher: Kafka client settings and Kafka Streams' own, plain or with {@code streams.}. */
    public static KafkaClientKeys userSettings() {
        return KafkaClientKeys.clientsAndStreams(StreamsConfig.configDef().names());
    }

    public FetcherConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1");
        }
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sledClient, "sledClient");
        clientOverrides = KafkaClientProperties.of(clientOverrides);
    }

    public static FetcherConfig defaults(String bootstrapServers, String registryUrl, Path stateDir) {
        return new FetcherConfig(bootstrapServers, DEFAULT_APPLICATION_ID, stateDir, ProcessingGuarantee.AT_LEAST_ONCE, DEFAULT_STREAM_THREADS,
                registryUrl, false, 0, FetcherSettings.defaults(), SledClientConfig.defaults(), Map.of());
    }

    /**
     * These settings for a fetcher that applies its answers ahead: its observation producer lingers
     * {@link #APPLIED_OBSERVATION_LINGER_MS}, unless the client settings name one ({@code producer.linger.ms}, as without it).
     */
    public FetcherConfig applyingAhead() {
        String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        if (clientOverrides.containsKey(linger)) {
            return this;
        }
        Map<String, String> overrides = new LinkedHashMap<>(clientOverrides);
        overrides.put(linger, Integer.toString(APPLIED_OBSERVATION_LINGER_MS));
        return withClientOverrides(overrides);
    }

    public FetcherConfig withApplicationId(String value) {
        return new FetcherConfig(bootstrapServers, value, stateDir, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withProcessingGuarantee(ProcessingGuarantee value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, value, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withStreamThreads(int value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, value, registryUrl,
                autoRegisterSchemas, httpPort, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withSettings(FetcherSettings value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, value, sledClient, clientOverrides);
    }

    public FetcherConfig withAutoRegisterSchemas(boolean value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, streamThreads, registryUrl,
                value, httpPort, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withStateDir(Path value) {
        return new FetcherConfig(bootstrapServers, applicationId, value, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withHttpPort(int value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, value, settings, sledClient, clientOverrides);
    }

    public FetcherConfig withSledClient(SledClientConfig value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, settings, value, clientOverrides);
    }

    public FetcherConfig withClientOverrides(Map<String, String> value) {
        return new FetcherConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, streamThreads, registryUrl,
                autoRegisterSchemas, httpPort, settings, sledClient, value);
    }

    /** @return the Kafka Streams configuration, {@code clientOverrides} last */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee.streamsName());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        // How long an idle stream thread blocks in poll. Punctuators fire only between polls, but a due fetch
        // or an answer to forward cuts the poll short (FetchWakeups), and so does close (WakeupAwareConsumer):
        // an idle fetcher goes round Streams' loop twice a second. Exactly once commits on the loop, so it polls
        // no longer than its commit interval.
        props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(
                processingGuarantee == ProcessingGuarantee.AT_LEAST_ONCE ? POLL_MS : POLL_MS_EXACTLY_ONCE));
        // At-least-once: commit often so a crash replays little; exactly-once keeps its own 100 ms default.
        if (processingGuarantee == ProcessingGuarantee.AT_LEAST_ONCE) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        }
        // Streams overrides the producer's linger to 100 ms unless told otherwise.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(OBSERVATION_LINGER_MS));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // The directory's global consumer: an idle fetch waits 2 s at the broker instead of 0.5 s (a new record
        // still answers it at once), a quarter of the idle fetch requests.
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), Integer.toString(IdleFetch.MAX_WAIT_MS));
        // A dead instance's tasks move within seconds instead of the default 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
        // The pending store's record cache: a VMM's ring, fetch start and answer between two commits reach the
        // changelog as one record at the commit instead of three (see FetcherTopology).
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(STORE_CACHE_BYTES));
        // Scaling out: an instance that joins a running one whose pending store has more than
        // acceptable.recovery.lag (10,000) changelog records to restore gets warm-up copies first and
        // its tasks at the next probing rebalance once they caught up; the old owner fetches meanwhile.
        props.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, Long.toString(PROBING_REBALANCE_INTERVAL_MS));
        props.put(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG, Integer.toString(MAX_WARMUP_REPLICAS));
        props.put("processing.exception.handler.global.enabled", "true");
        // Each task reads one partition (doorbells; the directory is global), so there is no other input to wait for
        // or to order against. With the default (0) Streams still checked, at every round of its loop and per task, whether
        // the empty partition had data on the broker, formatting a log line each time whatever the log level (JFR at
        // 1,000 rings/s: 4.8 % of the stream thread's samples); -1 says at once that the task may process what it has.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.putAll(clientOverrides);
        return props;
    }

    Duration closeTimeout() {
        return Duration.ofSeconds(10);
    }
}
