package dev.doorbell.cli.stack;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Steps;
import dev.doorbell.bench.control.ControlPlaneReplacement;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.model.Resources;
import dev.doorbell.reconciler.apply.ApplyAhead;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.topics.PipelineTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The whole pipeline on one machine, without Docker: a Kafka broker and Apicurio Registry as child
 * processes, the topics and the governed schemas, an embedded PostgreSQL, the reconciler, the state
 * fetcher, the gateway and simulated sleds that register with the control API and ring doorbells.
 * Every VMM is placed by the control plane: the stack creates the sleds' instances through the
 * control API and starts each on its sled; each sled's load then churns the VMMs placed on it and
 * has the control plane replace those that end. Started again on a data directory, the sleds of
 * earlier runs come back under their ids and those it no longer runs are expunged
 * ({@link SledIdentities}). {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements RunningStack {

    /** The components of the pipeline whose threads log to a file of their own. */
    private static final Set<String> PIPELINE_COMPONENTS = Set.of(Steps.RECONCILER, Steps.FETCHER, Steps.GATEWAY);

    private final Resources started = new Resources((resource, e) -> System.err.println("doorbell: while stopping: " + e.getMessage()));
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private String bootstrapServers;
    private String registryUrl;
    private URI controlUrl;
    private Pipeline pipeline;
    private ComponentLogs componentLogs;
    private Phases phases;
    private final Map<String, Path> serverLogs = new LinkedHashMap<>();

    private LocalStack() {}

    /** Starts everything, reporting each phase; on failure stops what had started and rethrows. */
    public static LocalStack start(StackConfig config, StackProgress progress) throws Exception {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(config, progress);
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(StackConfig config, StackProgress progress) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", config.kafkaPort());
        ports.put("registry", config.registryPort());
        ports.put("gateway", config.gatewayPort());
        ports.put("control API", config.controlPort());
        PortCheck.requireFree(ports);
        Path work = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("doorbell-stack");
        componentLogs = own(ComponentLogs.open(work.resolve("logs")));
        progress.logsIn(componentLogs.directory());
        phases = new Phases(progress, started);
        StackServers servers = StackServers.start(config, 1, work, phases);
        endpoints.putAll(servers.endpoints());
        serverLogs.putAll(servers.logs());
        bootstrapServers = servers.kafka().bootstrapServers();
        registryUrl = servers.registry().ccompatUrl();

        // the pipeline itself: topics, schemas, reconciler, fetcher, gateway, as the assembly starts them
        PipelineSpec spec = PipelineSpec.on(servers.addresses())
                .withTopics(PipelineTopics.defaults(), config.partitions(), (short) 1)
                .withReconciler(c -> c.withHttpPort(config.controlPort()))
                .withFetchers(new PipelineSpec.Fetchers(1, n -> work.resolve(n == 1 ? "fetcher-state" : "fetcher-state-" + n), c -> c,
                        config.applyAhead() ? Optional.of(ApplyAhead.DEFAULT_LINGER) : Optional.empty()))
                .withGateway(PipelineSpec.Gateway.ringing(config.gatewayPort()))
                .withSleds(LocalStack::sledConfig);
        pipeline = own(Pipeline.start(spec, new Steps() {
            @Override
            public <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception {
                return PIPELINE_COMPONENTS.contains(component) ? phases.run(name, component, start, detail, false)
                        : phases.run(name, start, detail, false);
            }
        }));
        controlUrl = URI.create(pipeline.reconciler().baseUrl());
        endpoints.put("control API", controlUrl + "/v1/instances");
        endpoints.put("read API", controlUrl + "/v1/instances/{id}");
        endpoints.put("fetcher metrics", pipeline.fetcher().baseUrl() + "/metrics");
        endpoints.put("gateway", pipeline.gateway().orElseThrow().baseUrl() + "/v1/vmms/{id}/doorbell");

        ControlPlaneClient control = pipeline.control();
        SledIdentities identities = config.dataDir() == null ? SledIdentities.choose(List.of(), config.sleds())
                : phases.run("sleds of earlier runs", () -> SledIdentities.takeOver(controlUrl, config.sleds()), SledIdentities::describe);
        for (int i = 0; i < config.sleds(); i++) {
            int index = i;
            SledSimulator sled = phases.run("sled " + (i + 1) + " of " + config.sleds(), sledComponent(i),
                    () -> pipeline.startSled(identities.idOf(index)), s -> s.baseUrl() + " (registered)", false);
            endpoints.put("sled " + (index + 1), sled.baseUrl() + "/vmms/{id}/state");
        }
        if (config.vmmsPerSled() > 0 && !pipeline.sleds().isEmpty()) {
            int total = config.vmmsPerSled() * pipeline.sleds().size();
            List<StartedVmm> placed = phases.run("fleet: " + total + " instances via the control API", () -> placeFleet(config, control),
                    p -> p.size() + " VMMs placed, " + FleetSeeder.DEFAULT_CONCURRENCY + " at a time");
            List<SledSimulator> sleds = pipeline.sleds();
            for (int i = 0; i < sleds.size(); i++) {
                SledSimulator sled = sleds.get(i);
                UUID sledId = sled.sled().id();
                List<UUID> own = placed.stream().filter(v -> v.sledId().equals(sledId)).map(StartedVmm::vmmId).toList();
                try (var scope = ComponentLogs.enter(sledComponent(i))) { // the load's threads log as the sled
                    sled.drive(own, config.churnPerSled(), own(new ControlPlaneReplacement(control, sledId)));
                }
            }
        }
    }

    /** Creates {@code vmmsPerSled} instances per sled and starts each on its sled, as users of the control plane would. */
    private List<StartedVmm> placeFleet(StackConfig config, ControlPlaneClient control) {
        List<UUID> sledOfEach = new ArrayList<>();
        for (int i = 0; i < config.vmmsPerSled(); i++) {
            pipeline.sleds().forEach(sled -> sledOfEach.add(sled.sled().id()));
        }
        // a fresh prefix per run: a durable database keeps the instances of earlier runs
        String prefix = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        return new FleetSeeder(control, FleetSeeder.DEFAULT_CONCURRENCY).place(sledOfEach, prefix, 1, FleetSeeder.Progress.none());
    }


    /** A sled of the local stack: every API version, stepping on its own, ringing doorbells on Kafka. */
    private static SledSimConfig sledConfig(UUID sledId) {
        return SledSimConfig.builder().sledId(sledId).notify(NotifyMode.DOORBELL_KAFKA, null).build();
    }

    private static String sledComponent(int index) {
        return "sled-" + (index + 1);
    }

    /**
     * Log name → file: one per component of this JVM ({@code reconciler}, {@code fetcher}, {@code gateway},
     * {@code sled-1}, ..., {@code stack} for the rest) and those of the servers' own processes ({@code kafka},
     * {@code registry}, {@code postgres}). A temporary stack's broker log goes with its data when the stack closes.
     */
    @Override
    public Map<String, Path> logFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> components = new ArrayList<>(List.of("reconciler", "fetcher", "gateway"));
        for (int i = 0; i < (pipeline == null ? 0 : pipeline.sleds().size()); i++) {
            components.add(sledComponent(i));
        }
        components.add(ComponentLogs.UNNAMED);
        components.forEach(c -> files.put(c, componentLogs.fileOf(c)));
        files.putAll(serverLogs);
        return Collections.unmodifiableMap(files);
    }

    /** Endpoint name → address, in the order they started. */
    @Override
    public Map<String, String> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public List<SledSimulator> sleds() {
        return pipeline.sleds();
    }

    /** The reconciler's base URL: control API, read API, {@code /metrics}. */
    public URI controlUrl() {
        return controlUrl;
    }

    public PipelineTopics topics() {
        return pipeline.topics();
    }

    /** The state fetcher's meters ({@code doorbell.fetcher.*}, Kafka Streams'). */
    public MeterRegistry fetcherMeters() {
        return pipeline.fetcher().meters();
    }

    /** The reconciler's meters ({@code doorbell.reconciler.*}, its consumer's). */
    public MeterRegistry reconcilerMeters() {
        return pipeline.reconciler().meters();
    }

    @Override
    public StatusTicker.StatusLines statusLines() {
        return status().lines();
    }

    /** The status line's source: the fetcher's and reconciler's meters. */
    public StackStatus status() {
        return new StackStatus(fetcherMeters(), reconcilerMeters());
    }

    private <T> T own(T resource) {
        return started.own(resource);
    }

    @Override
    public void close() {
        started.close();
    }
}
