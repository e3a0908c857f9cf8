package dev.doorbell.cli;

import dev.doorbell.bench.control.ControlPlaneReplacement;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.cli.bench.DurationConverter;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.directory.PlacingDoorbell;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.SledRecord;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code doorbell sled}: one simulated sled-agent, its versioned state API and its notifications.
 * With a control plane ({@code --control-url}) the sled registers there and asks it for its VMMs
 * (instances created and started on this sled, ended ones started again), so a reconciler knows
 * every one; without, it makes its VMMs itself.
 */
@Command(name = "sled", mixinStandardHelpOptions = true,
        description = {"Run a simulated sled-agent: VMM lifecycles with generations, GET /vmms/{id}/state versioned by api-version, notifications.",
            "With --control-url the sled registers with the control API and has it start --vmms instances on this sled, as users of a",
            "control plane would; it then churns those VMMs, and the control plane starts an instance again when its VMM ends.",
            "Without --control-url the sled makes its VMMs itself: a reconciler does not know them and dead-letters them as unknown-vmm."})
final class SledCommand implements Callable<Integer> {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--sled-id", paramLabel = "UUID", description = "The sled's id (default: random).")
    UUID sledId;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--vmms", defaultValue = "100",
            description = "VMMs to keep changing: with --control-url, instances the control API starts on this sled (default ${DEFAULT-VALUE}).")
    int vmms;

    @Option(names = "--churn", defaultValue = "5", paramLabel = "PER_SECOND",
            description = "State changes per second across the sled (default ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--api-versions", split = ",", defaultValue = "1.0.0,2.0.0",
            description = "State API versions this sled speaks (default ${DEFAULT-VALUE}); 1.0.0 alone plays an old release.")
    List<String> apiVersions;

    @Option(names = "--stepping", defaultValue = "auto", description = "auto or explicit (POST /vmms/{id}/poke) (default ${DEFAULT-VALUE}).")
    String stepping;

    @Option(names = "--step-delay", defaultValue = "PT1.5S", description = "Delay between automatic steps, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration stepDelay;

    @Option(names = "--terminal-retention", defaultValue = "PT10M", converter = DurationConverter.class, paramLabel = "DURATION",
            description = {"How long a destroyed or failed VMM stays readable, e.g. 30s, PT10M or 0 (default ${DEFAULT-VALUE}).",
                    "Part of the sled API contract Doorbell proposes: the fetch after a VMM's final doorbell finds its end",
                    "state, not a 404. 0 forgets it at once, as omicron's sled-agent does today."})
    Duration terminalRetention;

    @Option(names = "--notify", defaultValue = "doorbell-kafka",
            description = "none, upcall-body, doorbell-http or doorbell-kafka (default ${DEFAULT-VALUE}).")
    String notify;

    @Option(names = "--gateway-url", paramLabel = "URL", description = "The gateway, for upcall-body and doorbell-http.")
    URI gatewayUrl;

    @Option(names = "--doorbell-topic", defaultValue = DoorbellProducerConfig.DEFAULT_TOPIC,
            description = "Topic of doorbell-kafka rings (default ${DEFAULT-VALUE}).")
    String doorbellTopic;

    @Option(names = "--publish-directory", description = {
            "For a sled without a control plane: write this sled's address to the 'sleds' topic and the placements of the VMMs",
            "it makes itself to 'vmm.placements', so a fetcher can pull their states. A reconciler does not know these VMMs",
            "and dead-letters them as unknown-vmm. Not with --control-url (the control plane publishes both)."})
    boolean publishDirectory;

    @Option(names = "--control-url", paramLabel = "URL",
            description = {"The reconciler's control API: the sled registers itself there at start (PUT /v1/sleds/{id}), then asks",
                "it to create and start --vmms instances on this sled (POST /v1/instances, POST /v1/instances/{id}/start)."})
    URI controlUrl;

    @Override
    public Integer call() throws Exception {
        if (publishDirectory && controlUrl != null) {
            throw new ParameterException(spec.commandLine(), "--publish-directory stands in for a control plane; with --control-url the "
                    + "control plane publishes the sled and its placements");
        }
        SledSimConfig config = config();
        var out = spec.commandLine().getOut();
        warnOfUnknownVmms();
        Lifetime lifetime = new Lifetime();
        DirectoryPublisher directory = publishDirectory
                ? lifetime.open(new DirectoryPublisher(kafka.bootstrapServers(), TOPICS.sleds(), TOPICS.placements(), kafka.clientOverrides()))
                : null;
        Doorbell doorbell = doorbell(config, directory, lifetime);
        // with a control plane the sled makes no VMM itself: they come from the control API below
        SledSimulator sled = lifetime.open(SledSimulator.start(controlUrl != null ? config.withLoad(0, 0) : config, doorbell));
        if (directory != null) {
            publishToDirectory(directory, config, sled);
        }
        if (controlUrl != null) {
            ControlPlaneClient control = lifetime.open(new ControlPlaneClient(controlUrl));
            control.registerSled(config.sledId(), URI.create(sled.baseUrl()), config.apiVersions());
            if (vmms > 0) {
                placeVmms(out, sled, control, lifetime);
            }
        }
        printBanner(out, config, sled);
        lifetime.awaitShutdown();
        return 0;
    }

    /** Without a control plane the sled's own VMMs are unknown to any reconciler: says so on stderr. */
    private void warnOfUnknownVmms() {
        if (controlUrl == null && vmms > 0) {
            var err = spec.commandLine().getErr();
            err.printf("doorbell sled: warning: without --control-url this sled makes its %d VMMs itself; a reconciler does not know "
                    + "them and dead-letters their states as unknown-vmm%n", vmms);
            err.flush();
        }
    }

    /** The doorbell the sled rings in doorbell-kafka mode (placing VMMs in the directory too, if it publishes one); else null. */
    private Doorbell doorbell(SledSimConfig config, DirectoryPublisher directory, Lifetime lifetime) {
        if (config.notifyMode() != NotifyMode.DOORBELL_KAFKA) {
            return null;
        }
        DoorbellPublisher publisher = lifetime.open(DoorbellPublisher.toKafka(new DoorbellProducerConfig(kafka.bootstrapServers(), doorbellTopic, DoorbellProducerConfig.DEFAULT_LINGER_MS, kafka.clientOverrides()), PublisherConfig.forSled(config.sledId())));
        return directory == null ? publisher : new PlacingDoorbell(publisher, directory, config.sledId());
    }

    /** Writes this sled's address and the placements of the VMMs it made itself to the directory topics. */
    private static void publishToDirectory(DirectoryPublisher directory, SledSimConfig config, SledSimulator sled) throws Exception {
        directory.publishSled(new SledRecord(config.sledId(), URI.create(sled.baseUrl()),
                config.apiVersions().stream().map(ApiVersion::toString).sorted().toList())).get();
        sled.load().ifPresent(load -> load.vmmIds().forEach(vmm -> directory.publishPlacement(vmm, config.sledId())));
        directory.flush();
    }

    /** The lines printed once the sled runs: what it is and where to reach it. */
    private static void printBanner(PrintWriter out, SledSimConfig config, SledSimulator sled) {
        out.printf("sled %s: %d VMMs, api %s, notify %s%n", config.sledId(), sled.load().map(l -> l.vmmIds().size()).orElse(0),
                config.apiVersions().stream().map(ApiVersion::toString).sorted().collect(Collectors.joining(",")),
                config.notifyMode().flagName());
        out.println(stateApiLine(sled.baseUrl(), config.apiVersions()));
        out.printf("  health     %s/health%n  metrics    %s/metrics%n", sled.baseUrl(), sled.baseUrl());
        out.println("Ctrl-C stops it.");
        out.flush();
    }

    /** The banner's state API line: the versions this sled speaks, oldest first, not every version the code knows. */
    static String stateApiLine(String baseUrl, Set<ApiVersion> versions) {
        return String.format("  state API  %s/vmms/{id}/state   (header api-version required: %s)", baseUrl,
                versions.stream().sorted().map(ApiVersion::toString).collect(Collectors.joining(" | ")));
    }

    /** Has the control plane start {@code vmms} instances on this sled, then churns them. */
    private void placeVmms(PrintWriter out, SledSimulator sled, ControlPlaneClient control, Lifetime lifetime) {
        UUID sledId = sled.sled().id();
        out.printf("asking the control API for %d instances on this sled ...%n", vmms);
        out.flush();
        long begin = System.nanoTime();
        // a fresh prefix per run: instance names outlive a sled that restarts with the same id
        String prefix = "sled-" + sledId.toString().substring(0, 8) + "-" + UUID.randomUUID().toString().substring(0, 4);
        List<UUID> placed = new FleetSeeder(control, FleetSeeder.DEFAULT_CONCURRENCY)
                .place(Collections.nCopies(vmms, sledId), prefix, 1, FleetSeeder.Progress.none())
                .stream().map(StartedVmm::vmmId).toList();
        out.printf("  %d VMMs placed by the control plane in %.1f s%n", placed.size(), (System.nanoTime() - begin) / 1e9);
        sled.drive(placed, churn, lifetime.open(new ControlPlaneReplacement(control, sledId)));
    }

    /** The sled's configuration from the parsed options; bad values are usage errors. */
    SledSimConfig config() {
        try {
            Set<ApiVersion> versions = apiVersions.stream().map(ApiVersion::parse).collect(Collectors.toSet());
            SteppingMode mode = SteppingMode.valueOf(stepping.toUpperCase(Locale.ROOT));
            return SledSimConfig.builder().host(host).port(port).sledId(sledId == null ? UUID.randomUUID() : sledId)
                    .apiVersions(versions).stepping(mode, stepDelay).retention(terminalRetention)
                    .notify(NotifyMode.parse(notify), gatewayUrl).load(vmms, churn).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
