package dev.doorbell.bench.stack;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The servers a {@link BenchStack} runs on: a Kafka broker, a Confluent-compatible schema registry
 * and PostgreSQL. Several stacks may share them one after another (each uses its own topics,
 * subject and database). Either started here ({@link LocalServers}) or already running
 * ({@link ExternalServers}: the test JVM's shared servers, or a stack to attach to).
 */
public interface BenchServers extends AutoCloseable {

    /** Kafka bootstrap servers. */
    String bootstrapServers();

    /** The registry's Confluent-compatible API, e.g. {@code http://127.0.0.1:P/apis/ccompat/v7}. */
    String registryUrl();

    /** A PostgreSQL database the user may create databases from. */
    String jdbcUrl();

    String user();

    String password();

    /**
     * @return the process of each server that listens on this machine (found by its port), by
     *     component; a server on another machine is absent and its CPU time is not measured
     */
    default Map<Component, Long> localProcesses() {
        Map<Component, Long> out = new EnumMap<>(Component.class);
        put(out, Component.BROKER, URI.create("kafka://" + bootstrapServers().split(",")[0].trim()));
        put(out, Component.REGISTRY, URI.create(registryUrl()));
        put(out, Component.DATABASE, URI.create(jdbcUrl().substring("jdbc:".length())));
        return out;
    }

    @Override
    void close();

    private static void put(Map<Component, Long> out, Component component, URI address) {
        if (address.getPort() <= 0 || !isLocal(address.getHost())) {
            return;
        }
        OptionalLong pid = ListeningProcess.find(address.getPort());
        pid.ifPresent(p -> out.put(component, p));
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
