package dev.doorbell.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Kafka connection options shared by every command that talks to a broker. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:DOORBELL_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env DOORBELL_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Any Kafka client setting, passed to every client as given (TLS, SASL, ...). Repeatable.")
    Map<String, String> clientOverrides = new LinkedHashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Map<String, String> clientOverrides() {
        return Map.copyOf(clientOverrides);
    }
}
