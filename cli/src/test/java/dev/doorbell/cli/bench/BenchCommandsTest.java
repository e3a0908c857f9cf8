package dev.doorbell.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.bench.burst.BurstBench;
import dev.doorbell.bench.latency.LatencyBench;
import dev.doorbell.bench.mixed.MixedBench;
import dev.doorbell.bench.scale.ScaleBench;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.PathWaits;
import dev.doorbell.cli.CommandLineFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static <T> T parsed(Class<T> type, String... args) {
        CommandLine cli = CommandLineFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = cli.parseArgs(args);
        return type.cast(result.subcommand().subcommand().commandSpec().userObject());
    }

    @Test
    void benchHelpListsEveryScenarioAndBenchIsListedAtTheTop() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("latency").contains("burst").contains("scale").contains("mixed").contains("--out")
                .contains("--kafka");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("bench");
    }

    @Test
    void eachScenarioHelpListsItsOptions() {
        assertThat(run("bench", "latency", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: doorbell bench latency").contains("--rates").contains("--modes").contains("--seconds")
                .contains("--sweep-period").contains("watcher-only");
        assertThat(run("bench", "burst", "--help")).isZero();
        assertThat(out.toString()).contains("--bursts").contains("2:10,20:500,200:2000");
        assertThat(run("bench", "scale", "--help")).isZero();
        assertThat(out.toString()).contains("--vmms").contains("1000,10000,100000").contains("--p99-limit-ms")
                .contains("--modes").contains("direct-upcall");
        assertThat(run("bench", "mixed", "--help")).isZero();
        assertThat(out.toString()).contains("1.0.0");
    }

    @Test
    void defaultsAreTheFullSizesOfEachScenario() {
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency").options()).isEqualTo(LatencyBench.Options.full());
        assertThat(parsed(BenchBurstCommand.class, "bench", "burst").options()).isEqualTo(BurstBench.Options.full());
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale").options()).isEqualTo(ScaleBench.Options.full());
        assertThat(parsed(BenchMixedCommand.class, "bench", "mixed").options()).isEqualTo(MixedBench.Options.full());
        // the soak's defaults parse too: its --kill-every is "3m"
        BenchSoakCommand soak = parsed(BenchSoakCommand.class, "bench", "soak");
        assertThat(soak.killEvery).isEqualTo(Duration.ofMinutes(3));
        assertThat(soak.sampleEvery).isEqualTo(Duration.ofSeconds(10));
        assertThat(soak.minutes).isEqualTo(30.0);
    }

    @Test
    void benchWithoutAScenarioRunsTheSmallSizes() {
        assertThat(LatencyBench.Options.small().vmms()).isLessThan(LatencyBench.Options.full().vmms());
        assertThat(BurstBench.Options.small().vmms()).isLessThan(BurstBench.Options.full().vmms());
        assertThat(ScaleBench.Options.small().vmmCounts().getLast()).isLessThan(ScaleBench.Options.full().vmmCounts().getLast());
        assertThat(MixedBench.Options.small().vmms()).isLessThan(MixedBench.Options.full().vmms());
    }

    @Test
    void optionsReachTheScenario() {
        BurstBench.Options burst = parsed(BenchBurstCommand.class, "bench", "burst", "--vmms", "50", "--bursts", "3:100",
                "--modes", "doorbell").options();
        assertThat(burst.vmms()).isEqualTo(50);
        assertThat(burst.shapes()).singleElement().satisfies(s -> {
            assertThat(s.changes()).isEqualTo(3);
            assertThat(s.span()).isEqualTo(Duration.ofMillis(100));
        });
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--lead-in", "0").options().leadIn()).isEmpty();
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--rounds", "3").options().rounds()).isEqualTo(3);
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency").options().waits()).isEqualTo(PathWaits.SHIPPED);
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency").options().streamThreads()).isEqualTo(1);
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--stream-threads", "2").options().streamThreads()).isEqualTo(2);
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--ring-linger", "0", "--gather", "0ms",
                "--observation-linger", "3ms", "--catch-up").options().waits())
                .isEqualTo(new PathWaits(Duration.ZERO, Duration.ZERO, Duration.ofMillis(3), true));
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--no-catch-up").options().waits().catchUp()).isFalse();
        assertThat(parsed(BenchLatencyCommand.class, "bench", "latency", "--lead-in", "10s").options().leadIn())
                .hasValueSatisfying(lead -> assertThat(lead.rule().timeout()).isEqualTo(Duration.ofSeconds(10)));
        ScaleBench.Options scale = parsed(BenchScaleCommand.class, "bench", "scale", "--vmms", "5000,200", "--step", "1s").options();
        assertThat(scale.vmmCounts()).containsExactly(200, 5000);
        assertThat(scale.step()).isEqualTo(Duration.ofSeconds(1));
        assertThat(scale.modes()).containsExactly(DeliveryMode.DOORBELL, DeliveryMode.DIRECT_UPCALL);
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale", "--lead-in", "0").options().leadIn()).isEmpty();
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale").options().leadInEachStep()).isFalse();
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale", "--lead-in-each-step").options().leadInEachStep()).isTrue();
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale", "--lead-in", "10s").options().leadIn())
                .hasValueSatisfying(lead -> assertThat(lead.rule().timeout()).isEqualTo(Duration.ofSeconds(10)));
        assertThat(parsed(BenchScaleCommand.class, "bench", "scale", "--modes", "direct-upcall,watcher-only").options().modes())
                .containsExactly(DeliveryMode.DIRECT_UPCALL, DeliveryMode.WATCHER_ONLY);
    }

    @Test
    void badInputFailsBeforeStartingAnything() {
        assertThat(run("bench", "latency", "--modes", "carrier-pigeon")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown mode 'carrier-pigeon'");
        assertThat(run("bench", "scale", "--modes", "doorbell,carrier-pigeon")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown mode 'carrier-pigeon'");
        assertThat(run("bench", "scale", "--modes", "doorbell,doorbell")).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(err.toString()).contains("without repeats");
        assertThat(run("bench", "latency", "--lead-in", "-1s")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("--lead-in must not be negative");
        assertThat(run("bench", "latency", "--rounds", "0")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("--rounds must be at least 1");
        assertThat(run("bench", "latency", "--gather", "50ms")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("gather must be 0..20 ms, was 50 ms");
        assertThat(run("bench", "latency", "--observation-linger", "-1ms")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("a linger must not be negative");
        assertThat(run("bench", "latency", "--stream-threads", "0")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("--stream-threads must be at least 1: 0");
        assertThat(err.toString()).contains("--rounds must be at least 1");
        assertThat(run("bench", "burst", "--bursts", "20-500")).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(err.toString()).contains("k:t");
        assertThat(run("bench", "mixed", "--sleds", "3")).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(err.toString()).contains("even number of sleds");
        assertThat(run("bench", "burst", "--kafka", "127.0.0.1:1")).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(err.toString()).contains("--kafka, --registry-url and --jdbc-url together");
    }

    @Test
    void durationsParse() {
        assertThat(DurationConverter.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationConverter.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationConverter.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }
}
