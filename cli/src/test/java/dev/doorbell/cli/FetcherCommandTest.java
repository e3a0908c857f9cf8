package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fetcher takes Kafka Streams settings (under their names or with {@code streams.}) from every
 * source of Kafka settings and hands them to Kafka Streams; its defaults let a new instance take its
 * share within about a minute; other commands refuse Streams settings, and everyone misspelt ones.
 */
class FetcherCommandTest {

    @Test
    void streamsSettingsFromFlagsAndFileReachTheStreamsConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("fetcher.properties"), "streams.max.warmup.replicas=4\nsecurity.protocol=SSL\n");

        StreamsConfig config = streamsConfigOf("fetcher", "--kafka-config", file.toString(),
                "--kafka-property", "probing.rebalance.interval.ms=120000",
                "--kafka-property", "streams.num.standby.replicas=1");

        assertThat(config.getLong(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG)).isEqualTo(120_000L);
        assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(config.getInt(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG)).isEqualTo(4);
        assertThat(config.originals()).doesNotContainKeys("streams.num.standby.replicas", "streams.max.warmup.replicas")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void byDefaultANewInstanceIsProbedForWithinAMinuteAndWarmsAllItsTasksAtOnce() throws Exception {
        StreamsConfig config = streamsConfigOf("fetcher");

        assertThat(config.getLong(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG)).isEqualTo(60_000L);
        assertThat(config.getInt(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG)).isGreaterThanOrEqualTo(64);
        assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();
        assertThat(config.getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).as("one input partition per task: nothing to wait for")
                .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Test
    void streamThreadsAndTheProcessingGuaranteeAreFlags() {
        StreamsConfig config = streamsConfigOf("fetcher", "--stream-threads", "3", "--processing-guarantee", "exactly_once_v2");

        assertThat(config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertUsageError(new String[] {"fetcher", "--processing-guarantee", "exactly_once"}, "at_least_once or exactly_once_v2");
        assertUsageError(new String[] {"fetcher", "--stream-threads", "0"}, "streamThreads");
        assertThat(configOf("fetcher").streamThreads()).as("one stream thread as shipped").isEqualTo(1);
    }

    @Test
    void thePendingStoreFormatIsAFlagForRollingUpgrades() {
        assertThat(configOf("fetcher").settings().pendingFormat()).isEqualTo((byte) 3);
        assertThat(configOf("fetcher", "--pending-format", "2").settings().pendingFormat()).isEqualTo((byte) 2);
        assertThat(configOf("fetcher", "--pending-format", "1").settings().pendingFormat()).isEqualTo((byte) 1);
        assertUsageError(new String[] {"fetcher", "--pending-format", "4"}, "pending store format must be 1, 2 or 3");
    }

    @Test
    void applyingAheadTheObservationProducerLingersLongerUnlessToldOtherwise() {
        assertThat(streamsConfigOf("fetcher", "--apply-ahead").originals())
                .containsEntry("producer.linger.ms", Integer.toString(FetcherConfig.APPLIED_OBSERVATION_LINGER_MS));
        assertThat(streamsConfigOf("fetcher", "--apply-ahead", "--kafka-property", "producer.linger.ms=3").originals())
                .containsEntry("producer.linger.ms", "3");
        assertUsageError(new String[] {"fetcher", "--apply-ahead", "--apply-linger", "-1ms"}, "--apply-linger must not be negative");
    }

    @Test
    void theGatheringIntervalIsAFlagAndTheObservationLingerAKafkaSetting() {
        assertThat(configOf("fetcher").settings().gather()).isEqualTo(Duration.ofMillis(2));
        assertThat(configOf("fetcher", "--gather", "PT0S").settings().gather()).isZero();
        assertThat(configOf("fetcher", "--gather", "7ms").settings().gather()).isEqualTo(Duration.ofMillis(7));
        assertUsageError(new String[] {"fetcher", "--gather", "PT0.05S"}, "gather must be 0..20 ms, was 50 ms");
        assertThat(configOf("fetcher").settings().catchUp()).isEqualTo(FetcherSettings.DEFAULT_CATCH_UP);
        assertThat(configOf("fetcher", "--catch-up").settings().catchUp()).isTrue();
        assertThat(configOf("fetcher", "--no-catch-up").settings().catchUp()).isFalse();
        assertThat(streamsConfigOf("fetcher").originals()).containsEntry("producer.linger.ms", "5");
        assertThat(streamsConfigOf("fetcher", "--kafka-property", "producer.linger.ms=0").originals()).containsEntry("producer.linger.ms", "0");
    }

    @Test
    void theRefetchSpacingIsTwoFlags() {
        FetchPolicy defaults = configOf("fetcher").settings().policy();
        assertThat(defaults).isEqualTo(FetchPolicy.defaults());
        assertThat(defaults.minRefetchInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(defaults.maxRefetchInterval()).isEqualTo(Duration.ofMillis(100));
        FetchPolicy fixed = configOf("fetcher", "--min-refetch-interval", "PT0.1S", "--max-refetch-interval", "PT0.1S").settings().policy();
        assertThat(fixed.minRefetchInterval()).isEqualTo(fixed.maxRefetchInterval()).isEqualTo(Duration.ofMillis(100));
        assertUsageError(new String[] {"fetcher", "--min-refetch-interval", "PT0.2S"}, "maxRefetchInterval must be >= minRefetchInterval");
    }

    @Test
    void aMisspeltStreamsSettingOrOneGivenTwiceIsAUsageError() {
        assertUsageError(new String[] {"fetcher", "--kafka-property", "streams.probing.rebalanc.interval.ms=60000"},
                "'streams.probing.rebalanc.interval.ms'");
        assertUsageError(new String[] {"fetcher", "--kafka-property", "probing.rebalance.interval.ms=60000",
                "--kafka-property", "streams.probing.rebalance.interval.ms=90000"}, "name one setting");
    }

    @Test
    void commandsWithoutKafkaStreamsRefuseItsSettings() {
        assertUsageError(new String[] {"replay", "--kafka-property", "probing.rebalance.interval.ms=60000"},
                "'probing.rebalance.interval.ms'");
        assertUsageError(new String[] {"replay", "--kafka-property", "streams.num.standby.replicas=1"},
                "'streams.num.standby.replicas'");
    }

    private static StreamsConfig streamsConfigOf(String... args) {
        return new StreamsConfig(configOf(args).streamsProperties());
    }

    private static FetcherConfig configOf(String... args) {
        CommandLine commandLine = CommandLineFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        FetcherCommand fetcher = (FetcherCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject();
        return fetcher.config();
    }

    private static void assertUsageError(String[] args, String expected) {
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.create(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)).execute(args);

        assertThat(exit).as(String.join(" ", args)).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains(expected).doesNotContain("Exception");
    }
}
