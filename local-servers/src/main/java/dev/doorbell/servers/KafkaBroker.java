package dev.doorbell.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Apache Kafka 4.4 node in KRaft combined mode (broker and controller), running as its
 * own process on loopback.
 *
 * <p>Its directory holds {@code server.properties}, the Log4j 2 configuration (WARN), the log
 * file {@code broker.log} (the process's output) and the data under {@code data/}. The data
 * directory is formatted on the first start only, so {@link #start()} after {@link #stop()} or
 * {@link #kill()} reopens the same log. Made by {@link LocalKafkaCluster}, which owns the quorum.
 */
public final class KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final KafkaNodeAddress address;
    private final List<KafkaNodeAddress> quorum;
    private final String clusterId;
    private final Path dir;
    private final String classpath;
    private final JavaRuntime java;
    private final Map<String, String> saslPlainUsers;
    private volatile ChildProcess process;

    KafkaBroker(KafkaNodeAddress address, List<KafkaNodeAddress> quorum, String clusterId, Path dir,
            String classpath, JavaRuntime java, Map<String, String> saslPlainUsers) {
        this.address = address;
        this.quorum = List.copyOf(quorum);
        this.clusterId = clusterId;
        this.dir = dir;
        this.classpath = classpath;
        this.java = java;
        this.saslPlainUsers = Map.copyOf(saslPlainUsers);
    }

    public int nodeId() {
        return address.nodeId();
    }

    /** {@code 127.0.0.1:port} of this node's client listener. */
    public String bootstrapServer() {
        return address.bootstrapServer();
    }

    public KafkaNodeAddress address() {
        return address;
    }

    /** This node's directory (configuration, {@code broker.log}, {@code data/}). */
    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public boolean isRunning() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    /** The process id while running. */
    public OptionalLong pid() {
        ChildProcess current = process;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    /** Resident memory of the process while running. */
    public OptionalLong residentBytes() {
        ChildProcess current = process;
        return current != null ? current.residentBytes() : OptionalLong.empty();
    }

    /** Starts the process (formatting first if needed) and returns once it answers clients. */
    public void start(Duration timeout) {
        long started = System.nanoTime();
        launch();
        awaitReady(timeout);
        LOG.atInfo().setMessage("kafka node ready")
                .addKeyValue("node", nodeId()).addKeyValue("bootstrap", bootstrapServer())
                .addKeyValue("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .addKeyValue("rssMiB", residentBytes().orElse(-1) >> 20).log();
    }

    /** {@link #start(Duration)} with a 90 s timeout. */
    public void start() {
        start(Duration.ofSeconds(90));
    }

    /** Graceful stop: {@code SIGTERM}, then {@code SIGKILL} after 30 s. */
    public void stop() {
        ChildProcess current = process;
        if (current != null) {
            current.stop(STOP_GRACE);
        }
    }

    /** Crash: {@code SIGKILL}, no chance to flush or deregister. */
    public void kill() {
        ChildProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    /** Sends {@code SIGTERM} without waiting, so several nodes can shut down together. */
    void signalStop() {
        ChildProcess current = process;
        if (current != null && current.isAlive()) {
            ProcessHandle.of(current.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    boolean isFormatted() {
        return Files.exists(dataDir().resolve("meta.properties"));
    }

    /** Starts formatting the data directory; the caller waits for the returned process. */
    ChildProcess startFormat() {
        writeConfiguration();
        List<String> command = new ArrayList<>(javaCommand("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                dir.resolve("server.properties").toString()));
        if (quorum.size() == 1) {
            command.add("--standalone");
        } else {
            command.add("--initial-controllers");
            command.add(quorum.stream().map(KafkaNodeAddress::initialController).collect(Collectors.joining(",")));
        }
        return ChildProcess.start("kafka-format-" + nodeId(), command, dir, dir.resolve("format.log"));
    }

    void format() {
        ChildProcess formatting = startFormat();
        checkFormatted(formatting);
    }

    void checkFormatted(ChildProcess formatting) {
        OptionalLong exit = formatting.awaitExit(Duration.ofSeconds(60));
        if (exit.isEmpty() || exit.getAsLong() != 0) {
            formatting.kill();
            throw new IllegalStateException("formatting Kafka node " + nodeId() + " failed (exit " + exit + "):\n"
                    + formatting.logTail(30));
        }
    }

    /** Starts the broker process without waiting for it to answer. */
    void launch() {
        if (isRunning()) {
            return;
        }
        if (!isFormatted()) {
            format();
        }
        writeConfiguration();
        List<String> command = new ArrayList<>(javaCommand("-Xmx512m", "-Xms128m"));
        command.addAll(List.of("kafka.Kafka", dir.resolve("server.properties").toString()));
        process = ChildProcess.start("kafka-" + nodeId(), command, dir, logFile());
    }

    /** Waits until this node answers {@code describeCluster} and lists itself. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig(bootstrapServer()))) {
            while (true) {
                ChildProcess current = process;
                if (current == null || !current.isAlive()) {
                    throw new IllegalStateException("Kafka node " + nodeId() + " exited while starting (exit "
                            + (current == null ? "none" : current.exitCode()) + "):\n"
                            + (current == null ? "" : current.logTail(40)));
                }
                try {
                    List<Integer> ids = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS)
                            .stream().map(Node::id).toList();
                    if (ids.contains(nodeId())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka node " + nodeId(), e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka node " + nodeId() + " did not answer within " + timeout
                            + ":\n" + current.logTail(40));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    static Map<String, Object> adminConfig(String bootstrapServers) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.CLIENT_ID_CONFIG, "doorbell-servers-readiness");
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private List<String> javaCommand(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(java.quietOptions());
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private void writeConfiguration() {
        int replication = Math.min(3, quorum.size());
        // A broker restarted after a crash cannot register again until the controller has expired
        // its previous session: a short session makes a restart take seconds, not ten (a heartbeat a second,
        // three per session, as Kafka's defaults of 2 s and 9 s have it). An idle controller
        // appends a no-op record to the metadata log every metadata.max.idle.interval.ms (default 500 ms):
        // every 5 s still keeps the log's high watermark moving, with a tenth of the idle appends.
        String controllers = quorum.stream().map(KafkaNodeAddress::controllerEndpoint).collect(Collectors.joining(","));
        String properties = """
                process.roles=broker,controller
                node.id=%d
                controller.quorum.bootstrap.servers=%s
                listeners=PLAINTEXT://%s,CONTROLLER://%s%s
                advertised.listeners=PLAINTEXT://%s,CONTROLLER://%s%s
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT%s
                log.dirs=%s
                num.partitions=1
                offsets.topic.replication.factor=%d
                transaction.state.log.replication.factor=%d
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=%d
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=false
                broker.session.timeout.ms=3000
                broker.heartbeat.interval.ms=1000
                metadata.max.idle.interval.ms=5000
                """.formatted(nodeId(), controllers,
                bootstrapServer(), address.controllerEndpoint(), saslListener(),
                bootstrapServer(), address.controllerEndpoint(), saslListener(),
                saslPlainUsers.isEmpty() ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT",
                dataDir(), replication, replication, replication) + BrokerThreads.forThisMachine().properties() + saslSettings();
        String log4j = """
                status = warn
                appender.out.type = Console
                appender.out.name = OUT
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = WARN
                rootLogger.appenderRef.out.ref = OUT
                """;
        try {
            Files.createDirectories(dataDir());
            Files.writeString(dir.resolve("server.properties"), properties);
            Files.writeString(dir.resolve("log4j2.properties"), log4j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String saslListener() {
        return saslPlainUsers.isEmpty() ? "" : ",SASL_PLAINTEXT://" + address.saslBootstrapServer();
    }

    /** The SASL listener admits the configured users with mechanism PLAIN (no authorizer: any of them may do anything). */
    private String saslSettings() {
        if (saslPlainUsers.isEmpty()) {
            return "";
        }
        String users = saslPlainUsers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(user -> " user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                .collect(Collectors.joining());
        return "sasl.enabled.mechanisms=PLAIN\n"
                + "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + users + ";\n";
    }

    @Override
    public String toString() {
        return "kafka-" + nodeId() + "@" + bootstrapServer();
    }
}
