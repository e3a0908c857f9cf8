package dev.doorbell.cli.bench;

import dev.doorbell.bench.latency.LatencyBench;
import dev.doorbell.bench.latency.LatencyMode;
import dev.doorbell.bench.latency.LatencyReport;
import dev.doorbell.bench.latency.LatencyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell bench latency}: steady churn in every mode on one stack; report, JSON and CDF plots. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {
            "Steady churn at each rate in each mode (doorbell, upcall-body, direct-upcall, watcher-only) on one local stack",
            "(broker, registry, PostgreSQL, reconciler, fetcher, gateway, sleds); latency from a change's time_updated to",
            "the reconciler's database holding that generation. Writes report.md, results.json and cdf-<mode>.png to",
            "<out>/latency-<timestamp>/."
        })
public final class BenchLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rates", split = ",", defaultValue = "200,1000", description = "State changes per second (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--vmms", defaultValue = "2000", description = "VMMs across all sleds (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--sleds", defaultValue = "4", description = "Simulated sleds (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per mode and rate (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--modes", split = ",", defaultValue = "doorbell,upcall-body,direct-upcall,watcher-only",
            description = "Modes to run, in order (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--sweep-period", defaultValue = "2s",
            description = "Watcher sweep period in watcher-only mode, e.g. 2s or 500ms (default: ${DEFAULT-VALUE}).")
    String sweepPeriod;

    @Option(names = "--poll-interval-ms", defaultValue = "5", description = "Database polling interval (default: ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        LatencyBench.Options options = new LatencyBench.Options(rates, vmms, sleds, seconds, parseDuration(sweepPeriod),
                modes.stream().map(LatencyMode::parse).toList(), Duration.ofMillis(pollMillis));
        PrintWriter console = spec.commandLine().getOut();
        LatencyBench bench = new LatencyBench(options, console);
        List<LatencyResult> results = bench.run();
        Map<String, Object> settings = bench.settings();
        settings.put("failed_puts", bench.putFailures());
        Path dir = out.resolve("latency-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        LatencyReport.write(dir, settings, results);
        console.println();
        console.print(LatencyReport.table(results));
        console.println("written to " + dir);
        console.flush();
        return 0;
    }

    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        return Duration.parse(t);
    }
}
