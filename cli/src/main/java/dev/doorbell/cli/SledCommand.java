package dev.doorbell.cli;

import dev.doorbell.cli.bench.DurationConverter;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.directory.PlacingDoorbell;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.SledRecord;
import dev.doorbell.model.Topics;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.KafkaDoorbellSink;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code doorbell sled}: one simulated sled-agent, its versioned state API and its notifications. */
@Command(name = "sled", mixinStandardHelpOptions = true,
        description = "Run a simulated sled-agent: VMM lifecycles with generations, GET /vmms/{id}/state versioned by api-version, notifications.")
final class SledCommand implements Callable<Integer> {

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

    @Option(names = "--vmms", defaultValue = "100", description = "VMMs to create and keep changing (default ${DEFAULT-VALUE}).")
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
            "Also write this sled's address to the 'sleds' topic and its VMMs' placements to 'vmm.placements',",
            "standing in for the control plane (which normally registers sleds and places VMMs)."})
    boolean publishDirectory;

    @Option(names = "--control-url", paramLabel = "URL",
            description = "The reconciler's control API: the sled registers itself there at start (PUT /v1/sleds/{id}).")
    URI controlUrl;

    @Override
    public Integer call() throws Exception {
        SledSimConfig config = config();
        Lifetime lifetime = new Lifetime();
        DirectoryPublisher directory = publishDirectory
                ? lifetime.open(new DirectoryPublisher(kafka.bootstrapServers(), Topics.SLEDS, Topics.PLACEMENTS, kafka.clientOverrides()))
                : null;
        Doorbell doorbell = null;
        if (config.notifyMode() == NotifyMode.DOORBELL_KAFKA) {
            DoorbellPublisher publisher = lifetime.open(new DoorbellPublisher(
                    new KafkaDoorbellSink(new DoorbellProducerConfig(kafka.bootstrapServers(), doorbellTopic, 1, kafka.clientOverrides())),
                    PublisherConfig.forSled(config.sledId()), new SimpleMeterRegistry(), Clock.systemUTC()));
            doorbell = directory == null ? publisher : new PlacingDoorbell(publisher, directory, config.sledId());
        }
        SledSimulator sled = lifetime.open(SledSimulator.start(config, doorbell));
        if (directory != null) {
            directory.publishSled(new SledRecord(config.sledId(), URI.create(sled.baseUrl()),
                    config.apiVersions().stream().map(ApiVersion::toString).sorted().toList())).get();
            sled.load().ifPresent(load -> load.vmmIds().forEach(vmm -> directory.publishPlacement(vmm, config.sledId())));
            directory.flush();
        }
        if (controlUrl != null) {
            new SledRegistration(controlUrl).register(config.sledId(), URI.create(sled.baseUrl()), config.apiVersions());
        }
        var out = spec.commandLine().getOut();
        out.printf("sled %s: %d VMMs, api %s, notify %s%n", config.sledId(), config.vmms(),
                config.apiVersions().stream().map(ApiVersion::toString).sorted().collect(Collectors.joining(",")),
                config.notifyMode().flagName());
        out.printf("  state API  %s/vmms/{id}/state   (header api-version required: 1.0.0 | 2.0.0)%n", sled.baseUrl());
        out.printf("  health     %s/health%n  metrics    %s/metrics%n", sled.baseUrl(), sled.baseUrl());
        out.println("Ctrl-C stops it.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }

    /** The sled's configuration from the parsed options; bad values are usage errors. */
    SledSimConfig config() {
        try {
            Set<ApiVersion> versions = apiVersions.stream().map(ApiVersion::parse).collect(Collectors.toSet());
            SteppingMode mode = SteppingMode.valueOf(stepping.toUpperCase(java.util.Locale.ROOT));
            return new SledSimConfig(host, port, sledId == null ? UUID.randomUUID() : sledId, versions, mode, stepDelay,
                    terminalRetention, NotifyMode.parse(notify), gatewayUrl, vmms, churn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
