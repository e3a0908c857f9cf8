package dev.doorbell.cli;

import dev.doorbell.cli.replay.RecordDecoder;
import dev.doorbell.cli.replay.RecordRenderer;
import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.cli.replay.ReplayFormat;
import dev.doorbell.cli.replay.ReplayPlan;
import dev.doorbell.cli.replay.Replayer;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroDeserializer;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell replay}: prints a topic's records, decoded, without joining a consumer group. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Print a topic's records (partition, offset, time, key, headers, decoded value) for debugging.",
            "Reads without a consumer group: never moves any consumer's offsets.",
            "vmm.states* values are decoded through the registry; vmm.doorbells* have no body; other topics print as text.",
            "A malformed record is shown as MALFORMED with its bytes, and the replay goes on."
        })
final class ReplayCommand implements Callable<Integer> {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = {"Topic to read: vmm.states (default), vmm.doorbells, vmm.doorbells.dlq, vmm.states.dlq, vmm.placements, sleds or any other.",
                "With --merge, give it once per topic (default: vmm.doorbells and vmm.states)."})
    List<String> topics = new ArrayList<>();

    @Option(names = "--vmm", paramLabel = "UUID", description = "Only this VMM's records (only the partition its key hashes to).")
    String vmm;

    @Option(names = "--from", paramLabel = "TIME|P:OFFSET",
            description = "Start here (inclusive): an ISO-8601 time (2025-01-31T12:00:00Z) or partition:offset (reads that partition only).")
    String from;

    @Option(names = "--to", paramLabel = "TIME|P:OFFSET",
            description = "Stop here (exclusive); default: the end when the replay started.")
    String to;

    @Option(names = "--follow", description = "Keep printing new records until Ctrl-C.")
    boolean follow;

    @Option(names = "--merge", description = "With --vmm: interleave the VMM's doorbells and observations in time order.")
    boolean merge;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default): one readable line per record; json: one JSON object per line.")
    String format;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records.")
    Long limit;

    @Option(names = "--timeout", defaultValue = "PT10S", paramLabel = "DURATION",
            description = "Bound on every call to the broker (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        ReplayPlan plan;
        ReplayFormat replayFormat;
        ReplayClientConfig clients;
        try {
            List<String> names = !topics.isEmpty() ? topics
                    : merge ? List.of(TOPICS.doorbells(), TOPICS.states()) : List.of(TOPICS.states());
            plan = ReplayPlan.parse(names, vmm, from, to, follow, merge, limit);
            replayFormat = format(format);
            clients = new ReplayClientConfig(kafka.bootstrapServers(), kafka.clientOverrides(), timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        RecordRenderer renderer = RecordRenderer.of(replayFormat);
        try (SchemaRegistryClient registryClient = registryClient();
             AvroDeserializer<VmmStateObservation> observations = AvroDeserializer.specific(registryClient, VmmStateObservation.class)) {
            Replayer replayer = new Replayer(clients, new RecordDecoder(observations, registry.url));
            CountDownLatch finished = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                replayer.stop();
                try {
                    finished.await(); // let the output end on a whole line
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "doorbell-replay-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                replayer.run(plan, record -> {
                    out.println(renderer.render(record));
                    out.flush();
                });
            } finally {
                finished.countDown();
                removeHook(onCtrlC);
            }
        }
        return 0;
    }

    private SchemaRegistryClient registryClient() {
        try {
            return registry.client();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--registry-url: " + e.getMessage());
        }
    }

    private static ReplayFormat format(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "table" -> ReplayFormat.TABLE;
            case "json" -> ReplayFormat.JSON;
            default -> throw new IllegalArgumentException("--format: '" + text + "' is not table or json");
        };
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }
}
