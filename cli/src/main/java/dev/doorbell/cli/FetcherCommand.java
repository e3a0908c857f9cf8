package dev.doorbell.cli;

import dev.doorbell.assembly.DatabaseAnswerApplier;
import dev.doorbell.cli.bench.DurationConverter;
import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.ProcessingGuarantee;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.fetcher.sled.SledClientConfig;
import dev.doorbell.reconciler.apply.ApplyAhead;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell fetcher}: the Kafka Streams state fetcher. */
@Command(name = "fetcher", mixinStandardHelpOptions = true,
        description = {"Run the state fetcher: collapse doorbells per VMM, pull state from the VMM's sled, emit observations to vmm.states.",
            "Kafka Streams settings (e.g. probing.rebalance.interval.ms, num.standby.replicas) are taken like client settings,",
            "under their names or with a streams. prefix."})
final class FetcherCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Mixin
    TopicOptions topics;

    @Option(names = "--application-id", defaultValue = FetcherConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "${java.io.tmpdir}/doorbell-fetcher", description = "Local state (default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--processing-guarantee", defaultValue = StreamsConfig.AT_LEAST_ONCE,
            description = "at_least_once (default: duplicates are harmless behind the generation guard) or exactly_once_v2.")
    String processingGuarantee;

    @Option(names = "--stream-threads", defaultValue = "" + FetcherConfig.DEFAULT_STREAM_THREADS,
            description = "Kafka Streams threads of this instance (default ${DEFAULT-VALUE}); more instances scale out further.")
    int streamThreads;

    @Option(names = "--min-refetch-interval", defaultValue = "PT0.025S",
            description = "Successive fetches of one VMM start at least this far apart: a burst's first re-fetch waits this long"
                    + " (default ${DEFAULT-VALUE}).")
    Duration minRefetchInterval;

    @Option(names = "--max-refetch-interval", defaultValue = "PT0.1S",
            description = "A burst's re-fetches are spaced ever wider, doubling from --min-refetch-interval up to this"
                    + " (default ${DEFAULT-VALUE}); equal to the minimum for a fixed spacing.")
    Duration maxRefetchInterval;

    @Option(names = "--give-up-after", defaultValue = "PT60S", description = "Emit SledUnreachable after failing this long (default ${DEFAULT-VALUE}).")
    Duration giveUpAfter;

    @Option(names = "--http-client", defaultValue = "jetty", description = "jetty (default, least CPU per request here) or jdk.")
    String httpClient;

    @Option(names = "--pending-format", defaultValue = "" + FetcherSettings.DEFAULT_PENDING_FORMAT,
            description = "Layout of the pending store's entries: ${DEFAULT-VALUE} (default), or 2 or 1 while the group still runs a release"
                    + " that reads only up to that format (a rolling upgrade; every layout is read either way).")
    byte pendingFormat;

    @Option(names = "--gather", defaultValue = FetcherSettings.DEFAULT_GATHER_MS + "ms", converter = DurationConverter.class,
            description = "While sled requests are in flight, handle doorbells and answers in rounds at most this often"
                    + " (default ${DEFAULT-VALUE}; 0 to 20 ms): each may wait up to this long, for less CPU per change under load;"
                    + " 0 for the lowest latency. The observation producer's linger is a Kafka setting: --kafka-property producer.linger.ms=N (default " + FetcherConfig.OBSERVATION_LINGER_MS + ").")
    Duration gather;

    @Option(names = "--catch-up", negatable = true, defaultValue = "" + FetcherSettings.DEFAULT_CATCH_UP, fallbackValue = "true",
            description = "While gathering, a round whose first poll finds doorbells polls once more (at most 1 ms) for those the next"
                    + " fetch response brings, and handles them in the same round: about a round less per doorbell under load, for a"
                    + " second fetch request per round (default: ${DEFAULT-VALUE}).")
    boolean catchUp;

    @Option(names = "--apply-ahead", description = "Apply each sled request's answers to the control plane's database (--jdbc-url) before"
            + " publishing them, marked applied, so a change reaches the database one Kafka hop after its ring; the reconciler skips"
            + " what is marked and applies, retries or dead-letters the rest (default: off).")
    boolean applyAhead;

    @Option(names = "--apply-linger", defaultValue = ApplyAhead.DEFAULT_LINGER_MS + "ms", converter = DurationConverter.class,
            description = "With --apply-ahead, how long the first answers wait for more before their transaction (default ${DEFAULT-VALUE}).")
    Duration applyLinger;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", defaultValue = "0", description = "Port of /metrics and /health; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        FetcherConfig config = config();
        Lifetime lifetime = new Lifetime();
        StateFetcher fetcher = lifetime.open(applyAhead
                ? StateFetcher.start(config, meters -> DatabaseAnswerApplier.on(database.config(), meters, applyLinger))
                : StateFetcher.start(config));
        var out = spec.commandLine().getOut();
        out.printf("state fetcher '%s' (%s) reading %s, writing %s%n", config.applicationId(), config.processingGuarantee(),
                config.settings().topics().doorbells(), config.settings().topics().states());
        if (applyAhead) {
            out.printf("  applying ahead to %s%n", database.jdbcUrl);
        }
        out.printf("  health     %s/health%n  metrics    %s/metrics%n", fetcher.baseUrl(), fetcher.baseUrl());
        out.println("Ctrl-C stops it.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }

    /** The configuration the options describe; a bad option is a usage error. */
    FetcherConfig config() {
        try {
            FetchPolicy defaults = FetchPolicy.defaults();
            FetchPolicy policy = new FetchPolicy(minRefetchInterval, maxRefetchInterval, defaults.initialBackoff(), defaults.maxBackoff(),
                    giveUpAfter, defaults.placementWait());
            SledClientConfig.Implementation implementation = SledClientConfig.Implementation.valueOf(httpClient.toUpperCase(Locale.ROOT));
            SledClientConfig sledClient = SledClientConfig.defaults().withImplementation(implementation);
            if (applyLinger.isNegative()) {
                throw new IllegalArgumentException("--apply-linger must not be negative: " + applyLinger);
            }
            FetcherConfig config = FetcherConfig.defaults(kafka.bootstrapServers(), registry.url, stateDir)
                    .withApplicationId(applicationId)
                    .withProcessingGuarantee(ProcessingGuarantee.parse(processingGuarantee))
                    .withStreamThreads(streamThreads)
                    .withAutoRegisterSchemas(registry.autoRegister)
                    .withHttpPort(port)
                    .withClientOverrides(kafka.clientOverrides(FetcherConfig.userSettings()))
                    .withSettings(FetcherSettings.defaults().withTopics(topics.topics()).withPolicy(policy).withPendingFormat(pendingFormat)
                            .withGather(gather).withCatchUp(catchUp))
                    .withSledClient(sledClient);
            return applyAhead ? config.applyingAhead() : config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
