package dev.doorbell.cli;

import dev.doorbell.cli.stack.FleetShape;
import dev.doorbell.cli.stack.LocalStack;
import dev.doorbell.cli.stack.ProcessStack;
import dev.doorbell.cli.stack.RunningStack;
import dev.doorbell.cli.stack.StackConfig;
import dev.doorbell.cli.stack.StackProgress;
import dev.doorbell.cli.stack.StatusTicker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell up}: the local stack on embedded defaults. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the whole pipeline on this machine, without Docker: Kafka, schema registry, PostgreSQL, reconciler, state fetcher, gateway, sleds.")
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "Keep the broker's, the registry's and PostgreSQL's data here across restarts (default: temporary).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Registry port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--gateway-port", defaultValue = "8090", description = "Gateway port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--control-port", defaultValue = "8080", description = "Control and read API port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the doorbell and observation topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--sleds", defaultValue = "3", description = "Simulated sleds (default ${DEFAULT-VALUE}).")
    int sleds;

    @Option(names = "--vmms", defaultValue = "100", description = "VMMs per sled (default ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--churn", defaultValue = "2", description = "State changes per second per sled (default ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--apply-ahead", description = "The state fetchers apply their answers to the database before publishing them"
            + " (fetcher --apply-ahead): a change reaches the database one Kafka hop after its ring.")
    boolean applyAhead;

    @Option(names = "--processes", description = "Run every application component as a process of its own (the production shape)"
            + " instead of all in this JVM; implied by --brokers, --fetchers, --reconcilers and --restart.")
    boolean processes;

    @Option(names = "--brokers", description = "Kafka nodes, 1 or 3 (default 1; 3 replicates the topics 3 times).")
    Integer brokers;

    @Option(names = "--fetchers", description = "State fetcher processes sharing one application id (default 1).")
    Integer fetchers;

    @Option(names = "--reconcilers", description = "Reconciler processes sharing one consumer group (default 1).")
    Integer reconcilers;

    @Option(names = "--restart", description = "Start a component process again when it dies (they are reported either way).")
    boolean restart;

    @Option(names = "--status-every", defaultValue = "5", description = "Seconds between status lines; 0 for none (default ${DEFAULT-VALUE}).")
    int statusEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long begin = System.nanoTime();
        StackProgress progress = new StackProgress() {
            @Override
            public void logsIn(Path directory) {
                out.printf("  logs: %s (one file per component)%n", directory);
                out.flush();
            }

            @Override
            public void started(String phase) {
                out.printf("  starting %-48s", phase + " ...");
                out.flush();
            }

            @Override
            public void done(String phase, long millis, String detail) {
                out.printf(" %6d ms  %s%n", millis, detail);
                out.flush();
            }
        };
        out.println("doorbell up: starting the local stack");
        // Log lines would land inside the progress lines: while it starts, the components log only to their files.
        ConsoleLog.threshold(Level.OFF);
        Lifetime lifetime = new Lifetime();
        StackConfig config = new StackConfig(dataDir, kafkaPort, registryPort, gatewayPort, controlPort, partitions, sleds, vmms, churn,
                applyAhead);
        Optional<FleetShape> shape = shape();
        RunningStack stack = lifetime.open(shape.isPresent() ? ProcessStack.start(config, shape.get(), progress)
                : LocalStack.start(config, progress));
        out.printf("up in %.1f s. Endpoints:%n", (System.nanoTime() - begin) / 1e9);
        stack.endpoints().forEach((name, url) -> out.printf("  %-16s %s%n", name, url));
        out.println("Logs (INFO and up; warnings and errors also show here):");
        stack.logFiles().forEach((name, file) -> out.printf("  %-16s %s%n", name, file));
        ConsoleLog.threshold(Level.WARN);
        out.println("Ctrl-C stops everything.");
        out.flush();
        if (statusEvery > 0) {
            lifetime.open(new StatusTicker(stack.statusLines(), out, StatusTicker.stdoutIsTerminal()).start(Duration.ofSeconds(statusEvery)));
        }
        lifetime.awaitShutdown();
        return 0;
    }

    /** The processes to run, if the options ask for processes; a bad count is a usage error. */
    private Optional<FleetShape> shape() {
        if (!processes && brokers == null && fetchers == null && reconcilers == null && !restart) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FleetShape(brokers == null ? 1 : brokers, fetchers == null ? 1 : fetchers,
                    reconcilers == null ? 1 : reconcilers, restart));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
