package dev.doorbell.cli.stack;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.assembly.Steps;
import dev.doorbell.cli.fleet.ComponentProcess;
import dev.doorbell.cli.fleet.ComponentSpec;
import dev.doorbell.cli.fleet.Fleet;
import dev.doorbell.cli.fleet.FleetComponents;
import dev.doorbell.cli.fleet.FleetStatus;
import dev.doorbell.cli.fleet.JvmLauncher;
import dev.doorbell.model.Resources;
import dev.doorbell.topics.PipelineTopics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The local stack in its production shape: the servers as in {@link LocalStack} (with 1 or 3 brokers), and every
 * application component a process of its own, started in dependency order — reconcilers (one consumer group),
 * state fetchers (one application id, a state directory each), the gateway, then the sleds, each of which registers
 * with the control API and has it place its VMMs. Each process logs to its own file under {@code logs/}, serves
 * {@code /health} and {@code /metrics}, and is watched ({@link Fleet}): one that dies is reported and, if the shape
 * says so, restarted. {@link #close()} stops sleds, gateway, fetchers, reconcilers, then the servers.
 */
public final class ProcessStack implements RunningStack {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Resources started = new Resources((resource, e) -> System.err.println("doorbell: while stopping: " + e.getMessage()));
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private Fleet fleet;
    private FleetComponents components;
    private String bootstrapServers;
    private PipelineTopics topics;
    private URI controlUrl;

    private ProcessStack() {}

    /** Starts everything, reporting each phase; on failure stops what had started and rethrows. */
    public static ProcessStack start(StackConfig config, FleetShape shape, StackProgress progress) throws Exception {
        ProcessStack stack = new ProcessStack();
        try {
            stack.startAll(config, shape, progress);
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(StackConfig config, FleetShape shape, StackProgress progress) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < shape.brokers(); i++) {
            ports.put("kafka " + (i + 1), config.kafkaPort() == 0 ? 0 : config.kafkaPort() + i);
        }
        ports.put("registry", config.registryPort());
        ports.put("gateway", config.gatewayPort());
        ports.put("control API", config.controlPort());
        PortCheck.requireFree(ports);
        Path work = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("doorbell-stack");
        Path logDir = Files.createDirectories(work.resolve("logs"));
        progress.logsIn(logDir);
        Phases phases = new Phases(progress, started);
        StackServers servers = StackServers.start(config, shape.brokers(), work, phases);
        endpoints.putAll(servers.endpoints());
        logs.putAll(servers.logs());
        bootstrapServers = servers.kafka().bootstrapServers();
        Servers addresses = servers.addresses();

        // topics and schemas, as the assembly makes them; no component runs in this JVM
        short replication = (short) shape.brokers();
        topics = FleetComponents.of(addresses, logDir).topics();
        phases.own(Pipeline.start(PipelineSpec.on(addresses).withTopics(topics, config.partitions(), replication), new Steps() {
            @Override
            public <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception {
                return phases.run(name, start, detail, false);
            }
        }));
        fleet = phases.own(new Fleet(JvmLauncher.current(), START_TIMEOUT, shape.restart(), Clock.systemUTC()));

        components = FleetComponents.of(addresses, logDir).withReplication(shape.brokers());
        // the first reconciler migrates the database alone; the others of a role start together
        controlUrl = startComponents(phases, "reconciler-1", List.of(components.reconciler(1, config.controlPort()))).get(0).spec().baseUrl();
        endpoints.put("control API", controlUrl + "/v1/instances");
        endpoints.put("read API", controlUrl + "/v1/vmms");
        List<ComponentSpec> more = new ArrayList<>();
        for (int i = 2; i <= shape.reconcilers(); i++) {
            more.add(components.reconciler(i, 0));
        }
        for (int i = 1; i <= shape.fetchers(); i++) {
            more.add(components.fetcher(i, work.resolve("fetcher-state-" + i), config.applyAhead()));
        }
        more.add(components.gateway(config.gatewayPort()));
        startComponents(phases, (shape.reconcilers() > 1 ? "other reconcilers, " : "") + "fetchers, gateway", more);
        endpoints.put("gateway", fleet.component("gateway").orElseThrow().spec().baseUrl() + "/v1/vmms/{id}/doorbell");

        SledIdentities identities = config.dataDir() == null ? SledIdentities.choose(List.of(), config.sleds())
                : phases.run("sleds of earlier runs", () -> SledIdentities.takeOver(controlUrl, config.sleds()), SledIdentities::describe, false);
        List<ComponentSpec> sleds = new ArrayList<>();
        for (int i = 0; i < config.sleds(); i++) {
            sleds.add(components.sled(i + 1, identities.idOf(i), controlUrl, config.vmmsPerSled(), config.churnPerSled()));
        }
        if (!sleds.isEmpty()) {
            startComponents(phases, sleds.size() + " sleds (each places " + config.vmmsPerSled() + " VMMs)", sleds)
                    .forEach(sled -> endpoints.put(sled.name(), sled.spec().baseUrl() + "/vmms/{id}/state"));
        }
        fleet.components().forEach(c -> endpoints.put(c.name() + " metrics", c.spec().baseUrl() + "/metrics"));
    }

    /** Starts {@code specs} together as one phase, each a process of its own. */
    private List<ComponentProcess> startComponents(Phases phases, String name, List<ComponentSpec> specs) throws Exception {
        specs.forEach(spec -> logs.put(spec.name(), spec.logFile()));
        return phases.run(name + " (own processes)", () -> fleet.startAll(specs),
                started -> started.stream().map(c -> c.name() + " pid " + c.pid()).collect(Collectors.joining(", ")), false);
    }


    /** The components' processes. */
    public Fleet fleet() {
        return fleet;
    }

    /** Log name → file: the servers' and one per component process. */
    @Override
    public Map<String, Path> logFiles() {
        return Collections.unmodifiableMap(logs);
    }

    /** Endpoint name → address, in the order they started. */
    @Override
    public Map<String, String> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The first reconciler's base URL: control API, read API, {@code /metrics}. */
    public URI controlUrl() {
        return controlUrl;
    }

    public PipelineTopics topics() {
        return topics;
    }

    /** The status of the whole fleet, from its processes' metrics and the broker (close it after use). */
    public FleetStatus status() {
        return new FleetStatus(fleet, bootstrapServers, components.fetcherApplicationId(), components.reconcilerGroup(), topics);
    }

    /**
     * One status line per interval over the whole fleet; above it, whenever it changes, which process owns which
     * partitions, and any process that died or was restarted.
     */
    @Override
    public StatusTicker.StatusLines statusLines() {
        FleetStatus status = started.own(status());
        return new StatusTicker.StatusLines() {
            private FleetStatus.Sample previous;
            private String split = "";

            @Override
            public List<String> next() {
                FleetStatus.Sample now = status.sample();
                List<String> lines = new ArrayList<>(fleet.drainNotices());
                String nowSplit = FleetStatus.split(now);
                if (!nowSplit.equals(split) && !nowSplit.isEmpty()) {
                    lines.add("partitions: " + nowSplit);
                    split = nowSplit;
                }
                lines.add(previous == null ? "" : FleetStatus.line(previous, now));
                previous = now;
                return lines;
            }
        };
    }

    @Override
    public void close() {
        started.close();
    }
}
