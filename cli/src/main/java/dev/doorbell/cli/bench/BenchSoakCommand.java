package dev.doorbell.cli.bench;

import dev.doorbell.cli.ConsoleLog;
import dev.doorbell.cli.fleet.FleetStatus;
import dev.doorbell.cli.soak.Soak;
import dev.doorbell.cli.soak.SoakReport;
import dev.doorbell.cli.soak.SoakResult;
import dev.doorbell.cli.soak.SoakSettings;
import dev.doorbell.cli.stack.FleetShape;
import dev.doorbell.cli.stack.ProcessStack;
import dev.doorbell.cli.stack.StackConfig;
import dev.doorbell.cli.stack.StackProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell bench soak}: churn on a fleet of processes, a SIGKILL every few minutes, memory and lag over time. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        header = "Churn for N minutes on a fleet of processes with a SIGKILL every few minutes; lost VMMs, memory and lag over time.",
        description = {
            "Starts the local stack as processes (1 broker, 2 fetchers, 2 reconcilers, the sleds; dead processes restarted),",
            "SIGKILLs a fetcher, a reconciler or a sled in rotation every --kill-every, samples each process's resident set and heap",
            "and each group's lag, and audits the database against every sled at the end (lost: diverged beyond the grace).",
            "Writes report.md and plots to <out>/soak-<timestamp>/; exits 1 if anything was lost."
        })
public final class BenchSoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "30", description = "Length of the churn (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--kill-every", defaultValue = "3m", converter = DurationConverter.class,
            description = "A component process is SIGKILLed this often (default: ${DEFAULT-VALUE}).")
    Duration killEvery;

    @Option(names = "--sample-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "Memory and lag are sampled this often (default: ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(names = "--sleds", defaultValue = "3", description = "Simulated sleds, each a process (default: ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--vmms", defaultValue = "100", description = "VMMs per sled (default: ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--churn", defaultValue = "5", description = "State changes per second per sled (default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--out", defaultValue = "bench/results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        SoakSettings settings;
        try {
            settings = new SoakSettings(Duration.ofMillis(Math.round(minutes * 60_000)), killEvery, sampleEvery, vmms, churn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("doorbell bench soak: starting the stack as processes");
        // the servers' and components' INFO lines go to their log files; the console keeps the soak's own lines
        ConsoleLog.threshold(Level.WARN);
        out.flush();
        try (ProcessStack stack = ProcessStack.start(new StackConfig(null, 0, 0, 0, 0, 6, sleds, vmms, churn),
                new FleetShape(1, 2, 2, true), progress(out));
             FleetStatus status = stack.status()) {
            out.printf("soaking for %.1f minutes, a SIGKILL every %d s%n", minutes, killEvery.toSeconds());
            out.flush();
            SoakResult result = new Soak(stack.fleet(), status, stack.controlUrl(), settings, out).run();
            Path dir = SoakReport.write(result, out(), String.format(Locale.ROOT, "Run of %s on %d cores, %s, Java %d",
                    LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), Runtime.version().feature()));
            out.printf("lost %d; %d kills; report %s%n", result.lost(), result.kills().size(), dir.resolve("report.md"));
            out.flush();
            return result.lost() == 0 ? 0 : 1;
        }
    }

    private Path out() {
        return out;
    }

    private static StackProgress progress(PrintWriter out) {
        return new StackProgress() {
            @Override
            public void logsIn(Path directory) {
                out.printf("  logs: %s%n", directory);
                out.flush();
            }

            @Override
            public void started(String phase) {
                out.printf("  starting %s ...", phase);
                out.flush();
            }

            @Override
            public void done(String phase, long millis, String detail) {
                out.printf(" %d ms %s%n", millis, detail);
                out.flush();
            }
        };
    }
}
