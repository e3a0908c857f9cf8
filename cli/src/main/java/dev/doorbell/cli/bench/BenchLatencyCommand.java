package dev.doorbell.cli.bench;

import dev.doorbell.bench.latency.LatencyBench;
import dev.doorbell.bench.latency.LeadIn;
import dev.doorbell.bench.stack.PathWaits;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.reconciler.apply.ApplyAhead;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell bench latency}: steady churn in every mode on one stack. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        header = "Steady churn in every mode: latency from a sled's change to the database, and its cost.",
        description = {
            "Steady churn at each rate in each mode (doorbell, upcall-body, direct-upcall, watcher-only) on one local stack",
            "(broker, registry, PostgreSQL, reconciler, fetcher, gateway, sleds): latency from a change's time_updated to the",
            "reconciler's database holding that generation, fetches and sled GETs per change, CPU ms per change per component.",
            "Writes report.md, results.json, cdf-<mode>.png and over-time-<mode>.png to <out>/latency-<timestamp>/."
        })
public final class BenchLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttachOptions attach;

    @Mixin
    ModeOptions modeOptions;

    @Option(names = "--rates", split = ",", defaultValue = "200,1000,5000", description = "State changes per second (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--vmms", defaultValue = "10000", description = "VMMs across all sleds (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--seconds", defaultValue = "15", converter = DurationConverter.class,
            description = "Measured time per mode and rate, e.g. 15s or 500ms (default: ${DEFAULT-VALUE}; a bare number is seconds).")
    Duration seconds;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Untimed, unreported churn per mode before anything is measured, split over every rate of the run "
                    + "(lowest first, at least 1 s each), "
                    + "so no measured phase pays the JIT's warm-up; 0 for none (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--lead-in", defaultValue = "60s", converter = DurationConverter.class,
            description = "Before each measured phase, run its mode at its rate, untimed, " + LeadInOption.DESCRIPTION_TAIL)
    Duration leadIn;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Run every mode at every rate this many times, the rounds one after another, each rotated one place "
                    + "further; the report adds each mode's median and every round's p99 (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--ring-linger", defaultValue = DoorbellProducerConfig.DEFAULT_LINGER_MS + "ms", converter = DurationConverter.class,
            description = "The sleds' ring producers' linger (default: ${DEFAULT-VALUE}, as sleds ship).")
    Duration ringLinger;

    @Option(names = "--gather", defaultValue = FetcherSettings.DEFAULT_GATHER_MS + "ms", converter = DurationConverter.class,
            description = "The fetcher's gathering interval, its --gather (default: ${DEFAULT-VALUE}, as shipped; 0 to 20 ms).")
    Duration gather;

    @Option(names = "--observation-linger", defaultValue = FetcherConfig.OBSERVATION_LINGER_MS + "ms", converter = DurationConverter.class,
            description = "The fetcher producer's linger, its producer.linger.ms (default: ${DEFAULT-VALUE}, as shipped; with --apply-ahead "
                    + FetcherConfig.APPLIED_OBSERVATION_LINGER_MS + " ms, as a fetcher applying ahead ships).")
    Duration observationLinger;

    @Option(names = "--catch-up", negatable = true, defaultValue = "" + FetcherSettings.DEFAULT_CATCH_UP, fallbackValue = "true",
            description = "Whether the fetcher's gathered rounds poll once more for the doorbells the next fetch response brings, its"
                    + " --catch-up (default: ${DEFAULT-VALUE}, as shipped).")
    boolean catchUp;

    @Option(names = "--apply-ahead", description = "The fetcher applies its answers to the database before publishing them, its"
            + " --apply-ahead (default: off, as shipped).")
    boolean applyAhead;

    @Option(names = "--apply-linger", defaultValue = ApplyAhead.DEFAULT_LINGER_MS + "ms", converter = DurationConverter.class,
            description = "With --apply-ahead, how long the first answers wait for more before their transaction, its --apply-linger"
                    + " (default: ${DEFAULT-VALUE}, as shipped).")
    Duration applyLinger;

    @Option(names = "--stream-threads", defaultValue = "" + FetcherConfig.DEFAULT_STREAM_THREADS,
            description = "The fetcher's Kafka Streams threads, its --stream-threads (default: ${DEFAULT-VALUE}, as shipped).")
    int streamThreads;

    LatencyBench.Options options() {
        PathWaits waits;
        try {
            // applying ahead, the fetcher's producer lingers as a fetcher --apply-ahead ships, unless told otherwise
            Duration linger = applyAhead && !spec.commandLine().getParseResult().hasMatchedOption("--observation-linger")
                    ? Duration.ofMillis(FetcherConfig.APPLIED_OBSERVATION_LINGER_MS) : observationLinger;
            waits = new PathWaits(ringLinger, gather, linger, catchUp, applyAhead ? Optional.of(applyLinger) : Optional.empty());
            if (streamThreads < 1) {
                throw new IllegalArgumentException("--stream-threads must be at least 1: " + streamThreads);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new LatencyBench.Options(rates, vmms, sleds, seconds, modeOptions.sweepPeriod, modeOptions.modes,
                modeOptions.pollInterval(), warmup, LatencyBench.Options.full().idle()).withLeadIn(leadIn()).withRounds(rounds)
                .withWaits(waits).withStreamThreads(streamThreads);
    }

    private Optional<LeadIn> leadIn() {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1: " + rounds);
        }
        return LeadInOption.of(spec, leadIn);
    }

    @Override
    public Integer call() throws Exception {
        LatencyBench.Options options = options();
        return BenchRunner.run(attach, out, spec.commandLine().getOut(), (servers, progress) -> new LatencyBench(options, progress).run(servers));
    }
}
