package dev.doorbell.cli;

import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.apply.RebuildReport;
import dev.doorbell.reconciler.sweep.SweepSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doorbell reconciler}: applies observations to PostgreSQL, sweeps, serves the control and read APIs. */
@Command(name = "reconciler", mixinStandardHelpOptions = true,
        description = "Run the reconciler: apply vmm.states to PostgreSQL behind generation guards, watcher sweeps, control and read APIs.")
final class ReconcilerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Mixin
    TopicOptions topics;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address of the control and read API (default ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Control and read API port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-batch", defaultValue = "500", description = "Most observations applied in one transaction (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--sweep-period", defaultValue = "PT30S", description = "Watcher sweep period, jittered ±10%% (default ${DEFAULT-VALUE}).")
    Duration sweepPeriod;

    @Option(names = "--sweep-spread", defaultValue = "0.5",
            description = "Share of the period (0..1) each sweep's rings are spread over at a steady pace, never below 1000 rings/s;"
                    + " 0 rings them all at once (default ${DEFAULT-VALUE}).")
    double sweepSpread;

    @Option(names = "--sweep-check-spread", defaultValue = "0.5",
            description = "Share of the period (0..1) each sweep's check (reading VMMs, asking their sleds in bulk) is paced over, page"
                    + " by page, before its rings; never below 1000 VMMs/s; 0 checks all at once (default ${DEFAULT-VALUE}).")
    double sweepCheckSpread;

    @Option(names = "--no-sweep", description = "Do not run watcher sweeps.")
    boolean noSweep;

    @Option(names = "--rebuild", description = "Replay vmm.states from the beginning into the (empty) database, then exit.")
    boolean rebuild;

    @Option(names = "--group-id", defaultValue = "doorbell-reconciler", description = "Consumer group (default ${DEFAULT-VALUE}).")
    String groupId;

    @Override
    public Integer call() throws Exception {
        ReconcilerConfig config = ReconcilerConfig.defaults(database.config(),
                        kafka.bootstrapServers(), registry.url)
                .withTopics(topics.topics())
                .withHttpHost(host)
                .withHttpPort(port)
                .withMaxBatch(maxBatch)
                .withGroupId(groupId)
                .withSweep(noSweep ? null : SweepSettings.defaults().withPeriod(sweepPeriod).withSpread(sweepSpread)
                        .withCheckSpread(sweepCheckSpread))
                .withClientOverrides(kafka.clientOverrides());
        var out = spec.commandLine().getOut();
        if (rebuild) {
            RebuildReport report = Reconciler.rebuild(config);
            out.println("rebuild done: " + report);
            return 0;
        }
        Lifetime lifetime = new Lifetime();
        Reconciler reconciler = lifetime.open(Reconciler.start(config));
        out.printf("reconciler at %s%n", reconciler.baseUrl());
        out.printf("  control    PUT %s/v1/sleds/{id}, POST %s/v1/instances, .../{id}/start|stop|reboot|migrate%n",
                reconciler.baseUrl(), reconciler.baseUrl());
        out.printf("  read       GET %s/v1/instances, /v1/instances/{id}, /v1/vmms/{id}, /v1/sleds%n", reconciler.baseUrl());
        out.printf("  health     %s/health%n  metrics    %s/metrics%n", reconciler.baseUrl(), reconciler.baseUrl());
        out.println("Ctrl-C stops it.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }
}
