package dev.doorbell.cli;

import dev.doorbell.cli.demo.Demo;
import dev.doorbell.cli.demo.DemoReport;
import dev.doorbell.cli.demo.DemoTarget;
import dev.doorbell.cli.demo.Mismatch;
import dev.doorbell.cli.stack.LocalStack;
import dev.doorbell.cli.stack.StackConfig;
import dev.doorbell.cli.stack.StackProgress;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell demo}: the pipeline's tour, on its own local stack or attached to a running one. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Tour the pipeline: drive instances through their lifecycle and show each change's path and hop times.",
        description = {"Create, start, reboot, migrate, stop and crash instances, turn a sled off; print each state change's path",
            "(sled change → ring → fetch → applied) with hop times; exit 0 only if the database then equals the sleds."})
final class DemoCommand implements Callable<Integer> {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--attach", paramLabel = "CONTROL_URL",
            description = "A running stack's control API (as `doorbell up` prints it); default: start a stack of its own.")
    URI attach;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092",
            description = "With --attach: the stack's broker (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "http://127.0.0.1:8081/apis/ccompat/v7",
            description = "With --attach: the stack's Confluent-compatible registry URL (default ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--step-timeout", defaultValue = "30", description = "Seconds to wait for each step's outcome (default ${DEFAULT-VALUE}).")
    int stepTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (attach != null) {
            return run(new DemoTarget(attach, bootstrapServers, registryUrl, TOPICS.doorbells(), TOPICS.states()), out);
        }
        out.println("doorbell demo: starting a local stack of its own (3 sleds, free ports) ...");
        out.flush();
        long begin = System.nanoTime();
        // the stack's components log to their files; the console keeps the demo's own lines readable
        ConsoleLog.threshold(Level.WARN);
        try (LocalStack stack = LocalStack.start(new StackConfig(null, 0, 0, 0, 0, 3, 3, 0, 0), quietProgress(out))) {
            out.printf("stack up in %.1f s%n", (System.nanoTime() - begin) / 1e9);
            return run(new DemoTarget(stack.controlUrl(), stack.bootstrapServers(), stack.registryUrl(), stack.topics().doorbells(),
                    stack.topics().states()), out);
        }
    }

    private int run(DemoTarget target, PrintWriter out) throws Exception {
        out.println("doorbell demo against " + target.controlUrl());
        DemoReport report = new Demo(target, out, Duration.ofSeconds(stepTimeoutSeconds)).run();
        out.println();
        out.println("TIMELINE (each line one VMM state change; hops in ms)");
        report.timeline().print(out);
        out.println();
        if (report.passed()) {
            out.printf("OK: the database equals the sleds for all %d VMMs the demo touched%n", report.vmmsChecked());
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("doorbell: the database differs from the sleds for %d of %d VMMs%n", report.mismatches().size(), report.vmmsChecked());
        for (Mismatch m : report.mismatches()) {
            err.println("  " + m);
        }
        out.flush();
        err.flush();
        return CommandLineFactory.EXIT_FAILURE;
    }

    private static StackProgress quietProgress(PrintWriter out) {
        return new StackProgress() {
            @Override
            public void logsIn(Path directory) {
                out.println("  its logs: " + directory);
                out.flush();
            }

            @Override
            public void started(String phase) {}

            @Override
            public void done(String phase, long millis, String detail) {}
        };
    }
}
