package dev.doorbell.cli.fleet;

import dev.doorbell.assembly.Servers;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.servers.FreePorts;
import dev.doorbell.topics.PipelineTopics;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The command lines of one pipeline's component processes: every one on the same servers, topics (named with
 * {@code topicSuffix}), fetcher application id and reconciler group; each logs to {@code <logDir>/<name>.log}.
 *
 * @param replication replication factor of the fetchers' changelogs (like the pipeline's topics)
 */
public record FleetComponents(Servers servers, Path logDir, String topicSuffix, String fetcherApplicationId, String reconcilerGroup,
                              int replication) {

    /** The reconcilers' consumer group by default (the command's). */
    public static final String DEFAULT_RECONCILER_GROUP = "doorbell-reconciler";

    /** A deployment's names: default topics, application id and group; changelogs replicated once. */
    public static FleetComponents of(Servers servers, Path logDir) {
        return new FleetComponents(servers, logDir, "", FetcherConfig.DEFAULT_APPLICATION_ID, DEFAULT_RECONCILER_GROUP, 1);
    }

    /** Topics, application id and group all named with {@code suffix}: a pipeline of its own on shared servers. */
    public FleetComponents named(String suffix) {
        return new FleetComponents(servers, logDir, suffix, FetcherConfig.DEFAULT_APPLICATION_ID + suffix, DEFAULT_RECONCILER_GROUP + suffix,
                replication);
    }

    public FleetComponents withReplication(int value) {
        return new FleetComponents(servers, logDir, topicSuffix, fetcherApplicationId, reconcilerGroup, value);
    }

    public PipelineTopics topics() {
        return topicSuffix.isEmpty() ? PipelineTopics.defaults() : PipelineTopics.suffixed(topicSuffix);
    }

    /** {@code reconciler-<n>} on {@code port} (0: a free one), with {@code extra} options. */
    public ComponentSpec reconciler(int n, int port, String... extra) {
        int p = port == 0 ? FreePorts.one() : port;
        List<String> args = new ArrayList<>(List.of("reconciler", "--port", Integer.toString(p),
                "--jdbc-url", servers.database().jdbcUrl(), "--db-user", servers.database().user(),
                "--db-password", servers.database().password(), "--group-id", reconcilerGroup));
        args.addAll(pipeline());
        args.addAll(List.of(extra));
        return spec("reconciler-" + n, "reconciler", args, p);
    }

    /** {@code fetcher-<n>} keeping its local state in {@code stateDir}, with {@code extra} options. */
    public ComponentSpec fetcher(int n, Path stateDir, String... extra) {
        return fetcher(n, stateDir, false, extra);
    }

    /** As {@link #fetcher(int, Path, String...)}, applying its answers to the fleet's database first if {@code applyAhead}. */
    public ComponentSpec fetcher(int n, Path stateDir, boolean applyAhead, String... extra) {
        int p = FreePorts.one();
        List<String> args = new ArrayList<>(List.of("fetcher", "--port", Integer.toString(p), "--state-dir", stateDir.toString(),
                "--application-id", fetcherApplicationId));
        args.addAll(pipeline());
        if (replication > 1) {
            args.addAll(List.of("--kafka-property", "replication.factor=" + replication));
        }
        if (applyAhead) {
            args.addAll(List.of("--apply-ahead", "--jdbc-url", servers.database().jdbcUrl(), "--db-user", servers.database().user(),
                    "--db-password", servers.database().password()));
        }
        args.addAll(List.of(extra));
        return spec("fetcher-" + n, "fetcher", args, p);
    }

    /** The gateway on {@code port} (0: a free one). */
    public ComponentSpec gateway(int port) {
        int p = port == 0 ? FreePorts.one() : port;
        List<String> args = new ArrayList<>(List.of("gateway", "--port", Integer.toString(p),
                "--doorbell-topic", topics().doorbells(), "--states-topic", topics().states()));
        args.addAll(kafka());
        return spec("gateway", "gateway", args, p);
    }

    /**
     * {@code sled-<n>} with id {@code id}: it registers with the control API at {@code control} and has it place
     * {@code vmms} VMMs, which it then churns at {@code churn} changes a second.
     */
    public ComponentSpec sled(int n, UUID id, URI control, int vmms, double churn, String... extra) {
        int p = FreePorts.one();
        List<String> args = new ArrayList<>(List.of("sled", "--port", Integer.toString(p), "--sled-id", id.toString(),
                "--control-url", control.toString(), "--vmms", Integer.toString(vmms), "--churn", Double.toString(churn),
                "--bootstrap-servers", servers.bootstrapServers(), "--doorbell-topic", topics().doorbells()));
        args.addAll(List.of(extra));
        return spec("sled-" + n, "sled", args, p);
    }

    private ComponentSpec spec(String name, String role, List<String> args, int port) {
        return new ComponentSpec(name, role, args, port, logDir.resolve(name + ".log"));
    }

    private List<String> pipeline() {
        List<String> args = new ArrayList<>(kafka());
        if (!topicSuffix.isEmpty()) {
            args.addAll(List.of("--topic-suffix", topicSuffix));
        }
        return args;
    }

    private List<String> kafka() {
        return List.of("--bootstrap-servers", servers.bootstrapServers(), "--registry-url", servers.registryUrl());
    }
}
