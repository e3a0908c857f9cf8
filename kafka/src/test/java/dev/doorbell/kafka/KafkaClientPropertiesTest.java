package dev.doorbell.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"pw-1\";";

    @Test
    void readsAJavaPropertiesFileLikeKafkasCommandConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # a comment
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
                    username="u" password="pw-1";
                ssl.truststore.location=/etc/kafka/truststore.p12
                """);

        KafkaClientProperties settings = KafkaClientProperties.fromFile(file);

        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS).containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
    }

    @Test
    void readsDoorbellKafkaEnvironmentVariablesAndIgnoresOthers() {
        KafkaClientProperties settings = KafkaClientProperties.fromEnvironment(Map.of(
                "DOORBELL_KAFKA_SECURITY_PROTOCOL", "SSL",
                "DOORBELL_KAFKA_SSL_KEYSTORE_PASSWORD", "pw-2",
                "DOORBELL_KAFKA_PRODUCER_LINGER_MS", "7",
                "DOORBELL_BOOTSTRAP_SERVERS", "elsewhere:9092",
                "PATH", "/usr/bin"));

        assertThat(settings).containsOnly(Map.entry("security.protocol", "SSL"), Map.entry("ssl.keystore.password", "pw-2"),
                Map.entry("producer.linger.ms", "7"));
    }

    @Test
    void laterSourcesOverrideEarlierOnes() {
        KafkaClientProperties file = KafkaClientProperties.of(Map.of("security.protocol", "SSL", "sasl.mechanism", "PLAIN"));

        KafkaClientProperties merged = file.overriddenBy(Map.of("security.protocol", "SASL_SSL"));

        assertThat(merged).containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "PLAIN"));
    }

    @Test
    void userGivenKeysMustBeKafkaClientSettings(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KafkaClientProperties.checked(Map.of("sasl.mechanisms", "PLAIN"), "--kafka-property"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sasl.mechanisms' (from --kafka-property)");
        assertThatThrownBy(() -> KafkaClientProperties.fromEnvironment(Map.of("DOORBELL_KAFKA_SECURITY_PROTOCALL", "SSL")))
                .hasMessageContaining("environment variable DOORBELL_KAFKA_SECURITY_PROTOCALL");
        Path file = Files.writeString(dir.resolve("bad.properties"), "ssl.trustore.location=/x\n");
        assertThatThrownBy(() -> KafkaClientProperties.fromFile(file)).hasMessageContaining("ssl.trustore.location");
        assertThatThrownBy(() -> KafkaClientProperties.fromFile(dir.resolve("missing.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
        assertThat(KafkaClientProperties.checked(Map.of("consumer.max.poll.records", "10", "admin.retries", "3"), "test")).hasSize(2);
    }

    @Test
    void aStreamsApplicationTakesStreamsSettingsUnderTheirNamesOrWithTheStreamsPrefix(@TempDir Path dir) throws Exception {
        KafkaClientKeys streams = KafkaClientKeys.clientsAndStreams(Set.of("probing.rebalance.interval.ms", "num.standby.replicas",
                "acceptable.recovery.lag"));

        assertThat(KafkaClientProperties.checked(Map.of("probing.rebalance.interval.ms", "60000",
                "streams.num.standby.replicas", "1", "security.protocol", "SSL", "consumer.max.poll.records", "10"), "test", streams))
                .containsOnly(Map.entry("probing.rebalance.interval.ms", "60000"), Map.entry("num.standby.replicas", "1"),
                        Map.entry("security.protocol", "SSL"), Map.entry("consumer.max.poll.records", "10"));
        assertThat(KafkaClientProperties.fromEnvironment(Map.of("DOORBELL_KAFKA_STREAMS_ACCEPTABLE_RECOVERY_LAG", "0"), streams))
                .containsOnly(Map.entry("acceptable.recovery.lag", "0"));
        Path file = Files.writeString(dir.resolve("streams.properties"), "streams.probing.rebalance.interval.ms=120000\n");
        assertThat(KafkaClientProperties.fromFile(file, streams)).containsOnly(Map.entry("probing.rebalance.interval.ms", "120000"));
    }

    @Test
    void streamsSettingsAreRefusedWhereNoStreamsRunsAndMisspeltOnesEverywhere() {
        KafkaClientKeys streams = KafkaClientKeys.clientsAndStreams(Set.of("probing.rebalance.interval.ms"));

        assertThatThrownBy(() -> KafkaClientProperties.checked(Map.of("probing.rebalance.interval.ms", "60000"), "--kafka-property"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'probing.rebalance.interval.ms'");
        assertThatThrownBy(() -> KafkaClientProperties.checked(Map.of("streams.probing.rebalance.interval.ms", "60000"), "--kafka-property"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'streams.probing.rebalance.interval.ms'");
        assertThatThrownBy(() -> KafkaClientProperties.checked(Map.of("streams.probing.rebalanc.interval.ms", "1"), "--kafka-property", streams))
                .hasMessageContaining("'streams.probing.rebalanc.interval.ms' (from --kafka-property) is not a Kafka Streams");
        assertThatThrownBy(() -> KafkaClientProperties.checked(Map.of("streams.streams.probing.rebalance.interval.ms", "1"), "x", streams))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaClientProperties.checked(new TreeMap<>(Map.of("probing.rebalance.interval.ms", "60000",
                "streams.probing.rebalance.interval.ms", "90000")), "--kafka-property", streams))
                .hasMessageContaining("name one setting");
    }

    @Test
    void printingHidesEverySecretValue() {
        KafkaClientProperties settings = KafkaClientProperties.of(Map.of(
                "sasl.jaas.config", JAAS,
                "ssl.keystore.password", "pw-2",
                "ssl.key.password", "pw-3",
                "ssl.truststore.password", "pw-4",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- pw-5",
                "producer.sasl.jaas.config", JAAS.replace("pw-1", "pw-6"),
                "sasl.oauthbearer.client.credentials.client.secret", "pw-7",
                "security.protocol", "SASL_SSL"));

        String printed = settings.toString() + " " + settings.redacted() + " " + new Holder(settings);

        assertThat(printed).doesNotContain("pw-").contains("security.protocol=SASL_SSL").contains("sasl.jaas.config=[hidden]");
        assertThat(KafkaSecrets.isSecret("ssl.truststore.certificates")).isTrue();
        assertThat(KafkaSecrets.isSecret("bootstrap.servers")).isFalse();
    }

    /** A configuration record holding the settings, as the product's client configurations do. */
    record Holder(Map<String, String> clientOverrides) {
        Holder {
            clientOverrides = KafkaClientProperties.of(clientOverrides);
        }
    }
}
