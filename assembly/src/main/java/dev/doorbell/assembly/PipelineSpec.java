package dev.doorbell.assembly;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.topics.PipelineTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A typed description of a pipeline, or of the part of it to run: on which {@link Servers}, under
 * which topic names, and which components with which settings. {@link Pipeline#start} builds it;
 * built with {@link #on(Servers)}. A component left out is not started.
 *
 * @param servers           where Kafka, the registry and PostgreSQL are
 * @param topics            the topic names (each test its own {@link PipelineTopics#suffixed})
 * @param partitions        partitions of each topic it creates
 * @param replicationFactor replicas of each topic it creates
 * @param reconciler        the reconciler's settings from its defaults on these servers and topics; empty: none
 * @param fetcher           the state fetchers' settings; empty: none
 * @param gateway           the gateway's; empty: none
 * @param sleds             how {@link Pipeline#startSled} builds a sled; empty: no sleds
 */
public record PipelineSpec(Servers servers, PipelineTopics topics, int partitions, short replicationFactor,
                           Optional<UnaryOperator<ReconcilerConfig>> reconciler, Optional<Fetchers> fetcher,
                           Optional<Gateway> gateway, Optional<SledWiring> sleds) {

    public PipelineSpec {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(topics, "topics");
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be at least 1");
        }
    }

    /**
     * The state fetchers: {@code initial} of them start with the pipeline, more by
     * {@link Pipeline#startFetcher}; instance {@code n} (1-based) keeps its stores in
     * {@code stateDir.apply(n)}; {@code config} adjusts each one's settings from the defaults on the
     * pipeline's servers and topics; with {@code applyAhead} each applies its answers to the pipeline's database before
     * publishing them ({@link DatabaseAnswerApplier}), its first answers waiting that long for more.
     */
    public record Fetchers(int initial, IntFunction<Path> stateDir, UnaryOperator<FetcherConfig> config, Optional<Duration> applyAhead) {
        public Fetchers {
            if (initial < 0) {
                throw new IllegalArgumentException("initial fetchers must be >= 0");
            }
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(applyAhead, "applyAhead");
        }

        /** Fetchers that publish their answers for the reconciler to apply. */
        public Fetchers(int initial, IntFunction<Path> stateDir, UnaryOperator<FetcherConfig> config) {
            this(initial, stateDir, config, Optional.empty());
        }
    }

    /**
     * The gateway: HTTP doorbells and the legacy state-bearing upcall.
     *
     * @param port              its HTTP port, 0 for any
     * @param source            the source its rings are tagged with
     * @param ringOverrides     Kafka settings of its ring producer (a client id)
     * @param observationClient the client id of its observation producer (upcall bodies)
     * @param mode              what it does with an upcall's body, asked per request
     */
    public record Gateway(int port, DoorbellSource source, Map<String, String> ringOverrides, String observationClient,
                          Supplier<UpcallMode> mode) {
        public Gateway {
            Objects.requireNonNull(source, "source");
            ringOverrides = Map.copyOf(ringOverrides);
            Objects.requireNonNull(observationClient, "observationClient");
            Objects.requireNonNull(mode, "mode");
        }

        /** A gateway tagging its rings {@code gateway}, ignoring upcall bodies (rings instead). */
        public static Gateway ringing(int port) {
            return new Gateway(port, DoorbellSource.GATEWAY, Map.of(), "doorbell-gateway", () -> UpcallMode.IGNORE_BODY);
        }
    }

    /** A description on {@code servers} with the default topics, 3 partitions, 1 replica and no component yet. */
    public static PipelineSpec on(Servers servers) {
        return new PipelineSpec(servers, PipelineTopics.defaults(), 3, (short) 1, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public PipelineSpec withTopics(PipelineTopics value, int partitionCount, short replicas) {
        return new PipelineSpec(servers, value, partitionCount, replicas, reconciler, fetcher, gateway, sleds);
    }

    /** With a reconciler whose settings are {@code config} applied to its defaults. */
    public PipelineSpec withReconciler(UnaryOperator<ReconcilerConfig> config) {
        return new PipelineSpec(servers, topics, partitions, replicationFactor, Optional.of(config), fetcher, gateway, sleds);
    }

    /** With state fetchers (one started at once, more by {@link Pipeline#startFetcher}). */
    public PipelineSpec withFetchers(IntFunction<Path> stateDir, UnaryOperator<FetcherConfig> config) {
        return withFetchers(new Fetchers(1, stateDir, config));
    }

    public PipelineSpec withFetchers(Fetchers value) {
        return new PipelineSpec(servers, topics, partitions, replicationFactor, reconciler, Optional.of(value), gateway, sleds);
    }

    public PipelineSpec withGateway(Gateway value) {
        return new PipelineSpec(servers, topics, partitions, replicationFactor, reconciler, fetcher, Optional.of(value), sleds);
    }

    /** With sleds, started by {@link Pipeline#startSled} and registered with the reconciler's control API. */
    public PipelineSpec withSleds(SledWiring wiring) {
        return new PipelineSpec(servers, topics, partitions, replicationFactor, reconciler, fetcher, gateway, Optional.of(wiring));
    }
}
