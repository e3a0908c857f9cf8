package dev.doorbell.cli;

import dev.doorbell.kafka.KafkaClientKeys;
import dev.doorbell.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Kafka connection options shared by every command that talks to a broker: where it is, and the
 * client settings (TLS, SASL, ...) every Kafka client of the command gets. Those come from a
 * properties file ({@code --kafka-config}), then {@code DOORBELL_KAFKA_*} environment variables, then
 * {@code --kafka-property} pairs, each overriding the one before; keys must be Kafka client settings
 * (and, for the fetcher, may be Kafka Streams settings, plain or with {@code streams.}).
 */
public final class KafkaOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:DOORBELL_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env DOORBELL_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Kafka client settings for every client (TLS, SASL, ...) as Java properties, like Kafka's --command-config.",
                "Environment variables DOORBELL_KAFKA_<KEY> (e.g. DOORBELL_KAFKA_SASL_JAAS_CONFIG) override the file."})
    Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "One Kafka client setting for every client, overriding --kafka-config and the environment. Repeatable.")
    Map<String, String> clientProperties = new LinkedHashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the client settings from file, environment and command line (secret values hidden when printed) */
    public KafkaClientProperties clientOverrides() {
        return clientOverrides(KafkaClientKeys.clients());
    }

    /**
     * @param accepted the settings the command takes (a Kafka Streams command takes Streams' too)
     * @return the client settings from file, environment and command line (secret values hidden when printed)
     */
    public KafkaClientProperties clientOverrides(KafkaClientKeys accepted) {
        return clientOverrides(System.getenv(), accepted);
    }

    KafkaClientProperties clientOverrides(Map<String, String> environment) {
        return clientOverrides(environment, KafkaClientKeys.clients());
    }

    KafkaClientProperties clientOverrides(Map<String, String> environment, KafkaClientKeys accepted) {
        try {
            KafkaClientProperties fromFile = kafkaConfig == null ? KafkaClientProperties.none()
                    : KafkaClientProperties.fromFile(kafkaConfig, accepted);
            return fromFile.overriddenBy(KafkaClientProperties.fromEnvironment(environment, accepted))
                    .overriddenBy(KafkaClientProperties.checked(clientProperties, "--kafka-property", accepted));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
