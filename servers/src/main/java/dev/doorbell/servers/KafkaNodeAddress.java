package dev.doorbell.servers;

/**
 * Where one KRaft node (combined broker and controller) listens on loopback.
 *
 * @param nodeId         Kafka {@code node.id}, 1-based
 * @param port           client (PLAINTEXT) listener port
 * @param controllerPort controller listener port
 * @param directoryId    the metadata log directory's id (base64 UUID), used to format a multi-voter quorum
 */
public record KafkaNodeAddress(int nodeId, int port, int controllerPort, String directoryId) {

    public static final String HOST = "127.0.0.1";

    public String bootstrapServer() {
        return HOST + ":" + port;
    }

    String controllerEndpoint() {
        return HOST + ":" + controllerPort;
    }

    /** The {@code --initial-controllers} entry of this node: {@code id@host:port:directoryId}. */
    String initialController() {
        return nodeId + "@" + controllerEndpoint() + ":" + directoryId;
    }
}
