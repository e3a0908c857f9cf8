package dev.doorbell.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka 4.4 cluster of 1 or 3 KRaft nodes, each its own process on loopback (see
 * {@link KafkaBroker}); every node is broker and controller, so the controller quorum has as many
 * voters as there are nodes.
 *
 * <p>The cluster id, ports and directory ids are kept in {@code cluster.properties} in the
 * cluster's directory, so a later {@code LocalKafkaCluster} on the same directory reopens the same
 * cluster on the same ports. {@link #close()} stops every node and deletes a temporary directory.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);

    private final KafkaClusterConfig config;
    private final Path directory;
    private final boolean temporary;
    private final List<KafkaBroker> brokers;

    private LocalKafkaCluster(KafkaClusterConfig config, Path directory, boolean temporary, List<KafkaBroker> brokers) {
        this.config = config;
        this.directory = directory;
        this.temporary = temporary;
        this.brokers = List.copyOf(brokers);
    }

    /** Creates the cluster's nodes and starts them; returns once every node answers clients. */
    public static LocalKafkaCluster start(KafkaClusterConfig config) {
        boolean temporary = config.directory() == null;
        Path directory = temporary ? Directories.createTemp("doorbell-kafka-") : Directories.create(config.directory());
        List<KafkaNodeAddress> quorum = addresses(config, directory);
        String clusterId = loadOrCreate(directory.resolve("cluster.properties"), quorum);
        String classpath = KafkaBrokerClasspath.resolve();
        JavaRuntime java = JavaRuntime.current();
        List<KafkaBroker> brokers = quorum.stream()
                .map(address -> new KafkaBroker(address, quorum, clusterId, directory.resolve("node-" + address.nodeId()),
                        classpath, java, config.saslPlainUsers()))
                .toList();
        LocalKafkaCluster cluster = new LocalKafkaCluster(config, directory, temporary, brokers);
        try {
            cluster.start();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts every node that is not running (formatting new ones together) and waits for all. */
    public void start() {
        long started = System.nanoTime();
        List<KafkaBroker> unformatted = brokers.stream().filter(b -> !b.isFormatted()).toList();
        List<ChildProcess> formatting = unformatted.stream().map(KafkaBroker::startFormat).toList();
        for (int i = 0; i < formatting.size(); i++) {
            unformatted.get(i).checkFormatted(formatting.get(i));
        }
        brokers.forEach(KafkaBroker::launch);
        for (KafkaBroker broker : brokers) {
            broker.awaitReady(config.startTimeout());
        }
        awaitAllNodesListed();
        LOG.atInfo().setMessage("kafka cluster ready")
                .addKeyValue("nodes", brokers.size()).addKeyValue("bootstrap", bootstrapServers())
                .addKeyValue("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .addKeyValue("rssMiB", brokers.stream().mapToLong(b -> b.residentBytes().orElse(0)).sum() >> 20)
                .addKeyValue("dir", directory).log();
    }

    /** Comma-separated {@code host:port} of every node's client listener. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServer).collect(Collectors.joining(","));
    }

    /** Comma-separated {@code host:port} of every node's {@code SASL_PLAINTEXT} listener (if configured). */
    public String saslBootstrapServers() {
        return brokers.stream().map(b -> b.address().saslBootstrapServer()).collect(Collectors.joining(","));
    }

    public List<KafkaBroker> brokers() {
        return brokers;
    }

    /** The node with {@code node.id} {@code nodeId} (1-based). */
    public KafkaBroker broker(int nodeId) {
        return brokers.stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + nodeId + " in " + this));
    }

    public Path directory() {
        return directory;
    }

    /** Stops every node together (one node alone could not finish a controlled shutdown without quorum). */
    public void stop() {
        brokers.forEach(KafkaBroker::signalStop);
        brokers.forEach(KafkaBroker::stop);
    }

    /** Stops every node; deletes the directory if it was temporary. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            Directories.deleteRecursively(directory);
        }
    }

    private void awaitAllNodesListed() {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        try (Admin admin = Admin.create(KafkaBroker.adminConfig(bootstrapServers()))) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == brokers.size()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka cluster did not list all " + brokers.size() + " nodes within "
                            + config.startTimeout());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static List<KafkaNodeAddress> addresses(KafkaClusterConfig config, Path directory) {
        Path file = directory.resolve("cluster.properties");
        if (Files.exists(file)) {
            Properties saved = read(file);
            if (!Integer.toString(config.size()).equals(saved.getProperty("size"))) {
                throw new IllegalStateException(directory + " holds a Kafka cluster of " + saved.getProperty("size")
                        + " nodes, not " + config.size());
            }
            List<KafkaNodeAddress> addresses = new ArrayList<>();
            for (int id = 1; id <= config.size(); id++) {
                int saslPort = Integer.parseInt(saved.getProperty("node." + id + ".sasl.port", "0"));
                if (config.hasSaslListener() != (saslPort != 0)) {
                    throw new IllegalStateException(directory + " holds a Kafka cluster " + (saslPort != 0 ? "with" : "without")
                            + " a SASL listener; start it as it was made");
                }
                addresses.add(new KafkaNodeAddress(id,
                        Integer.parseInt(saved.getProperty("node." + id + ".port")),
                        Integer.parseInt(saved.getProperty("node." + id + ".controller.port")),
                        saved.getProperty("node." + id + ".directory.id"), saslPort));
            }
            return addresses;
        }
        List<Integer> free = FreePorts.several(config.size() * (config.hasSaslListener() ? 3 : 2));
        List<KafkaNodeAddress> addresses = new ArrayList<>();
        for (int i = 0; i < config.size(); i++) {
            int port = config.ports().isEmpty() ? free.get(i) : config.ports().get(i);
            int saslPort = config.hasSaslListener() ? free.get(2 * config.size() + i) : 0;
            addresses.add(new KafkaNodeAddress(i + 1, port, free.get(config.size() + i), Uuid.randomUuid().toString(), saslPort));
        }
        return addresses;
    }

    private static String loadOrCreate(Path file, List<KafkaNodeAddress> quorum) {
        if (Files.exists(file)) {
            return read(file).getProperty("cluster.id");
        }
        String clusterId = Uuid.randomUuid().toString();
        Properties properties = new Properties();
        properties.setProperty("cluster.id", clusterId);
        properties.setProperty("size", Integer.toString(quorum.size()));
        for (KafkaNodeAddress node : quorum) {
            properties.setProperty("node." + node.nodeId() + ".port", Integer.toString(node.port()));
            properties.setProperty("node." + node.nodeId() + ".controller.port", Integer.toString(node.controllerPort()));
            properties.setProperty("node." + node.nodeId() + ".directory.id", node.directoryId());
            if (node.saslPort() != 0) {
                properties.setProperty("node." + node.nodeId() + ".sasl.port", Integer.toString(node.saslPort()));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Doorbell local Kafka cluster: identity and ports, reused on restart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return clusterId;
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @Override
    public String toString() {
        return "LocalKafkaCluster[" + bootstrapServers() + "]";
    }
}
