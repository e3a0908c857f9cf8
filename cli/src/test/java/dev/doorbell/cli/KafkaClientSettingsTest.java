package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.directory.DirectoryPublisher;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.kafka.KafkaClientProperties;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.apply.ObservationConsumerConfig;
import dev.doorbell.reconciler.db.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The contract of Kafka client settings (TLS, SASL, ...): every command that talks to Kafka takes
 * them from {@code --kafka-config}, the environment and {@code --kafka-property}, and every client
 * configuration the product builds carries all of them. A new client belongs in {@link #everyClientConfiguration}.
 */
class KafkaClientSettingsTest {
    private static final String BOOTSTRAP = "broker.example:9093";
    private static final KafkaClientProperties SECURITY = KafkaClientProperties.of(Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"pw-1\";",
            "ssl.truststore.location", "/etc/doorbell/truststore.p12",
            "ssl.truststore.password", "pw-2",
            "ssl.endpoint.identification.algorithm", "https"));

    @Test
    void everyClientConfigurationCarriesTheSettings(@TempDir Path dir) {
        Map<String, Map<String, Object>> clients = everyClientConfiguration(SECURITY, dir);

        assertThat(clients).hasSizeGreaterThanOrEqualTo(14);
        clients.forEach((client, properties) -> assertThat(properties).as(client).containsAllEntriesOf(SECURITY));
    }

    @Test
    void configurationsPrintWithoutSecrets(@TempDir Path dir) {
        String printed = List.of(
                new DoorbellProducerConfig(BOOTSTRAP, "t", 1, SECURITY),
                new ObservationProducerConfig(BOOTSTRAP, "t", "c", SECURITY),
                FetcherConfig.defaults(BOOTSTRAP, "http://registry", dir).withClientOverrides(SECURITY),
                reconciler(SECURITY),
                new ReplayClientConfig(BOOTSTRAP, SECURITY, Duration.ofSeconds(1))).toString();

        assertThat(printed).doesNotContain("pw-").contains("sasl.jaas.config=[hidden]").contains("security.protocol=SASL_SSL")
                .contains("password=[hidden]");
    }

    @Test
    void everyKafkaCommandTakesTheSettingsFromFileEnvironmentAndFlagsInThatOrder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/from/file
                """);
        Map<String, String> environment = Map.of("DOORBELL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "DOORBELL_KAFKA_SASL_MECHANISM", "PLAIN");

        for (String command : List.of("fetcher", "gateway", "reconciler", "sled", "replay")) {
            KafkaOptions options = kafkaOptions(command, "--kafka-config", file.toString(), "--kafka-property", "sasl.mechanism=OAUTHBEARER");

            assertThat(options.clientOverrides(environment)).as(command).containsOnly(
                    Map.entry("security.protocol", "SASL_SSL"),
                    Map.entry("sasl.mechanism", "OAUTHBEARER"),
                    Map.entry("ssl.truststore.location", "/from/file"));
        }
    }

    @Test
    void aMisspeltSettingIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocoll=SSL\n");
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.create(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("replay", "--kafka-config", file.toString());

        assertThat(exit).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("'security.protocoll'").contains(file.toString()).doesNotContain("Exception");
    }

    /** Every Kafka client configuration the product builds, by client, given {@code settings}. */
    static Map<String, Map<String, Object>> everyClientConfiguration(Map<String, String> settings, Path dir) {
        Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
        add(clients, "doorbell producer (sleds, gateway, watcher sweep)", new DoorbellProducerConfig(BOOTSTRAP, "t", 1, settings).producerProperties());
        add(clients, "directory producer", DirectoryPublisher.producerProperties(BOOTSTRAP, settings));
        add(clients, "observation producer (gateway, control API)", new ObservationProducerConfig(BOOTSTRAP, "t", "c", settings).producerProperties());
        Properties streams = FetcherConfig.defaults(BOOTSTRAP, "http://registry", dir).withClientOverrides(settings).streamsProperties();
        StreamsConfig derived = new StreamsConfig(streams);
        add(clients, "fetcher: Kafka Streams", streams);
        add(clients, "fetcher: main consumer", derived.getMainConsumerConfigs("g", "c", 0));
        add(clients, "fetcher: restore consumer", derived.getRestoreConsumerConfigs("c"));
        add(clients, "fetcher: global consumer", derived.getGlobalConsumerConfigs("c"));
        add(clients, "fetcher: producer", derived.getProducerConfigs("c"));
        add(clients, "fetcher: admin", derived.getAdminConfigs("c"));
        ReconcilerConfig reconciler = reconciler(settings);
        ObservationConsumerConfig consumer = reconciler.consumer();
        add(clients, "reconciler: observation consumer", consumer.consumerProperties());
        add(clients, "reconciler: dead-letter producer", consumer.deadLetterProducerProperties());
        add(clients, "reconciler: rebuild consumer", consumer.rebuildConsumerProperties());
        add(clients, "reconciler: its producers' overrides", reconciler.clientOverrides());
        ReplayClientConfig replay = new ReplayClientConfig(BOOTSTRAP, settings, Duration.ofSeconds(1));
        add(clients, "replay consumer", replay.consumerProperties());
        add(clients, "replay admin", replay.adminProperties());
        return clients;
    }

    private static void add(Map<String, Map<String, Object>> clients, String client, Map<?, ?> properties) {
        Map<String, Object> byName = new LinkedHashMap<>();
        properties.forEach((key, value) -> byName.put(String.valueOf(key), value));
        clients.put(client, byName);
    }

    private static ReconcilerConfig reconciler(Map<String, String> settings) {
        return ReconcilerConfig.defaults(Database.Config.of("jdbc:postgresql://db/doorbell", "doorbell", "pw-3"), BOOTSTRAP,
                "http://registry").withClientOverrides(settings);
    }

    private static KafkaOptions kafkaOptions(String command, String... args) {
        CommandLine commandLine = CommandLineFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        ParseResult parsed = commandLine.parseArgs(all);
        return (KafkaOptions) parsed.subcommand().commandSpec().mixins().get("kafka").userObject();
    }
}
