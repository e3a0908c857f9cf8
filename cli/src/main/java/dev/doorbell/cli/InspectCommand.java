package dev.doorbell.cli;

import dev.doorbell.cli.inspect.InspectCollector;
import dev.doorbell.cli.inspect.InspectFailure;
import dev.doorbell.cli.inspect.InspectRenderer;
import dev.doorbell.cli.inspect.Inspection;
import dev.doorbell.cli.inspect.Verdict;
import dev.doorbell.cli.replay.RecordDecoder;
import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.http.Uuids;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell inspect}: one VMM across the pipeline (database, sled, topics, pending fetch) with a verdict. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Show one VMM across the whole pipeline, with a verdict.",
            "Prints its database row (reconciler read API), its sled's current answer, its newest observation on vmm.states",
            "and newest rings on vmm.doorbells (its partitions only, no consumer group), and whether a state fetcher holds a",
            "pending fetch for it; then the verdict: in sync, behind (within --grace, or with a fetch pending) or diverged.",
            "Exit 0 in sync or behind, 1 diverged (or the sled gave no answer), 2 bad input, unknown VMM or unreachable reconciler."
        })
final class InspectCommand implements Callable<Integer> {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--vmm", required = true, paramLabel = "UUID", description = "The VMM to inspect.")
    String vmm;

    @Option(names = "--reconciler-url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "The reconciler's read API (default ${DEFAULT-VALUE}).")
    String reconcilerUrl;

    @Option(names = "--fetcher-url", paramLabel = "URL",
            description = "A state fetcher's HTTP endpoint to ask for the VMM's pending fetch; repeatable, one per instance (default: none, not asked).")
    List<String> fetcherUrls = new ArrayList<>();

    @Option(names = "--last", defaultValue = "5", paramLabel = "N", description = "Show the VMM's N newest rings (default ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--grace", defaultValue = "PT10S", converter = ReadableDurationConverter.class, paramLabel = "DURATION",
            description = "How long the database may be behind the sled, with nothing pending, before it counts as diverged (default ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--timeout", defaultValue = "PT5S", converter = ReadableDurationConverter.class, paramLabel = "DURATION",
            description = "Bound on every call to a service or the broker (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--states-topic", paramLabel = "TOPIC", description = "The observations topic (default ${DEFAULT-VALUE}).")
    String statesTopic = TOPICS.states();

    @Option(names = "--doorbells-topic", paramLabel = "TOPIC", description = "The doorbell topic (default ${DEFAULT-VALUE}).")
    String doorbellsTopic = TOPICS.doorbells();

    @Override
    public Integer call() {
        UUID id = Uuids.parse(vmm.strip()).orElseThrow(() -> usage("--vmm: '" + vmm + "' is not a UUID (e.g. 0b7e5a52-3c1d-4d2e-9f60-1a2b3c4d5e6f)"));
        InspectCollector.Topics topics = topics();
        ReplayClientConfig clients = clients();
        requireUrl("--reconciler-url", reconcilerUrl);
        fetcherUrls.forEach(url -> requireUrl("--fetcher-url", url));
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (SchemaRegistryClient registryClient = registryClient();
             AvroDeserializer<VmmStateObservation> observations = AvroDeserializer.specific(registryClient, VmmStateObservation.class);
             InspectCollector collector = InspectCollector.over(reconcilerUrl, fetcherUrls, clients,
                     new RecordDecoder(observations, registry.url), topics, clock)) {
            Inspection inspection = collector.inspect(id);
            Verdict verdict = Verdict.of(inspection, clock, grace);
            InspectRenderer.render(inspection, verdict).forEach(out::println);
            out.flush();
            return verdict.exitCode();
        } catch (InspectFailure e) {
            spec.commandLine().getErr().println("doorbell: " + e.getMessage());
            return CommandLineFactory.EXIT_USAGE;
        }
    }

    private InspectCollector.Topics topics() {
        if (last < 0) {
            throw usage("--last must not be negative");
        }
        if (grace.isNegative()) {
            throw usage("--grace must not be negative");
        }
        if (statesTopic.isBlank() || doorbellsTopic.isBlank()) {
            throw usage("--states-topic and --doorbells-topic must not be empty");
        }
        return new InspectCollector.Topics(statesTopic, doorbellsTopic, last);
    }

    private ReplayClientConfig clients() {
        try {
            return new ReplayClientConfig(kafka.bootstrapServers(), kafka.clientOverrides(), timeout);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void requireUrl(String option, String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw usage(option + ": '" + url + "' is not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw usage(option + ": '" + url + "' is not an http(s) URL");
        }
    }

    private SchemaRegistryClient registryClient() {
        try {
            return registry.client();
        } catch (IllegalArgumentException e) {
            throw usage("--registry-url: " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
