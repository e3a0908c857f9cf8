package dev.doorbell.servers;

/**
 * Where one KRaft node (combined broker and controller) listens on loopback.
 *
 * @param nodeId         Kafka {@code node.id}, 1-based
 * @param port           client (PLAINTEXT) listener port
 * @param controllerPort controller listener port
 * @param directoryId    the metadata log directory's id (base64 UUID), used to format a multi-voter quorum
 * @param saslPort       {@code SASL_PLAINTEXT} listener port, or 0 if the node has none
 */
public record KafkaNodeAddress(int nodeId, int port, int controllerPort, String directoryId, int saslPort) {

    public static final String HOST = "127.0.0.1";

    public String bootstrapServer() {
        return HOST + ":" + port;
    }

    /** {@code 127.0.0.1:port} of the {@code SASL_PLAINTEXT} listener. */
    public String saslBootstrapServer() {
        if (saslPort == 0) {
            throw new IllegalStateException("Kafka node " + nodeId + " has no SASL listener");
        }
        return HOST + ":" + saslPort;
    }

    String controllerEndpoint() {
        return HOST + ":" + controllerPort;
    }

    /** The {@code --initial-controllers} entry of this node: {@code id@host:port:directoryId}. */
    String initialController() {
        return nodeId + "@" + controllerEndpoint() + ":" + directoryId;
    }
}
