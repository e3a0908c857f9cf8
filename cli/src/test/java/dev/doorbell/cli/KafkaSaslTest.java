package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherSettings;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.kafka.KafkaClientProperties;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.ReconcilerConfig;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka client security settings against a real broker whose nodes also listen with
 * {@code SASL_PLAINTEXT} (mechanism {@code PLAIN}): with the right credentials in a
 * {@code --kafka-config} file every client of the pipeline works end to end over SASL; with wrong
 * ones a command fails with a clear error; and no secret (the SASL password inside
 * {@code sasl.jaas.config}, keystore, key and truststore passwords) ever reaches the log or the
 * command's output.
 */
@Tag("servers")
@ExtendWith({PostgresExtension.class, RegistryExtension.class})
class KafkaSaslTest {
    private static final String USER = "doorbell";
    private static final String PASSWORD = "sasl-pw-" + UUID.randomUUID();
    private static final String KEYSTORE_PASSWORD = "keystore-pw-" + UUID.randomUUID();
    private static final String KEY_PASSWORD = "key-pw-" + UUID.randomUUID();
    private static final String TRUSTSTORE_PASSWORD = "truststore-pw-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of(PASSWORD, KEYSTORE_PASSWORD, KEY_PASSWORD, TRUSTSTORE_PASSWORD);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalKafkaCluster kafka;

    @BeforeAll
    static void brokerWithASaslListener() {
        kafka = LocalKafkaCluster.start(KafkaClusterConfig.single(null).withSaslPlainUsers(Map.of(USER, PASSWORD)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyClientOfThePipelineWorksOverSaslAndNoSecretIsLogged(PostgresServer postgres, RegistryServer registry,
                                                                 @TempDir Path dir) throws Exception {
        String sasl = kafka.saslBootstrapServers();
        KafkaClientProperties settings = KafkaClientProperties.fromFile(clientConfig(dir, PASSWORD));
        PipelineTopics topics = PipelineTopics.suffixed("-sasl-" + UUID.randomUUID());
        String log;
        try (LogCapture logs = LogCapture.start(Map.of("", Level.INFO, "org.apache.kafka", Level.INFO,
                "org.apache.kafka.common.security", Level.DEBUG, "org.apache.kafka.common.network", Level.DEBUG))) {
            try (Admin admin = Admin.create(admin(sasl, settings))) {
                topics.ensure(admin, 1, (short) 1);
            }
            ReconcilerConfig reconcilerConfig = ReconcilerConfig.defaults(newDatabase(postgres), sasl, registry.ccompatUrl())
                    .withTopics(topics).withGroupId("sasl-reconciler").withHttpPort(0).withSweep(null).withClientOverrides(settings);
            FetcherConfig fetcherConfig = FetcherConfig.defaults(sasl, registry.ccompatUrl(), dir.resolve("fetcher"))
                    .withApplicationId("sasl-fetcher-" + UUID.randomUUID()).withAutoRegisterSchemas(true)
                    .withSettings(FetcherSettings.defaults().withTopics(topics))
                    .withClientOverrides(settings);
            SledSimConfig sledConfig = SledSimConfig.defaults().withStepping(SteppingMode.AUTO, Duration.ofMillis(300))
                    .withNotify(NotifyMode.DOORBELL_KAFKA, null);
            UUID sledId = sledConfig.sledId();
            try (Reconciler reconciler = Reconciler.start(reconcilerConfig);
                 StateFetcher fetcher = StateFetcher.start(fetcherConfig);
                 DoorbellPublisher rings = DoorbellPublisher.toKafka(new DoorbellProducerConfig(sasl, topics.doorbells(), 1, settings), PublisherConfig.forSled(sledId));
                 SledSimulator sled = SledSimulator.start(sledConfig, rings);
                 ControlPlaneClient controlPlane = new ControlPlaneClient(URI.create(reconciler.baseUrl()))) {
                URI control = URI.create(reconciler.baseUrl());
                // registration publishes the sled's address and the start its VMM's placement, both over SASL
                controlPlane.registerSled(sledId, URI.create(sled.baseUrl()), Set.copyOf(ApiVersion.KNOWN));
                String instance = post(control, "/v1/instances", "{\"name\":\"over-sasl\"}").get("id").asText();
                post(control, "/v1/instances/" + instance + "/start", null);

                // starting comes back from the control call; running only by ring -> fetch -> observation -> apply, all over SASL
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(get(control, "/v1/instances/" + instance).path("active_vmm_state").asText()).isEqualTo("running"));
                assertThat(fetcher.state().isRunningOrRebalancing()).isTrue();
                assertThat(List.of(reconcilerConfig, fetcherConfig).toString()).contains("sasl.jaas.config=[hidden]");
                assertThat(secretsIn(List.of(reconcilerConfig, fetcherConfig, settings).toString())).isEmpty();
            }
            log = logs.text();
        }
        // every client logs its configuration when it starts (a dozen here: consumers, producers, admins, Streams')
        assertThat(log.lines().filter(line -> line.contains("sasl.jaas.config = [hidden]")).count()).as("client configurations logged")
                .isGreaterThanOrEqualTo(10);
        assertThat(log).contains("security.protocol = SASL_PLAINTEXT").contains("SaslClientAuthenticator");
        assertThat(secretsIn(log)).as("secrets in the log").isEmpty();
    }

    @Test
    void aCommandReadsOverSaslWithTheRightCredentialsAndFailsClearlyWithWrongOnes(@TempDir Path dir) throws Exception {
        String sasl = kafka.saslBootstrapServers();
        Path good = clientConfig(dir, PASSWORD);
        Path wrong = clientConfig(dir, "not-the-" + PASSWORD);
        String topic = "vmm.doorbells.sasl-" + UUID.randomUUID();
        KafkaClientProperties settings = KafkaClientProperties.fromFile(good);
        try (Admin admin = Admin.create(admin(sasl, settings))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        UUID vmm = UUID.randomUUID();
        try (DoorbellPublisher publisher = DoorbellPublisher.toKafka(new DoorbellProducerConfig(sasl, topic, 1, settings), PublisherConfig.forSled(UUID.randomUUID()))) {
            publisher.ring(vmm);
            assertThat(publisher.flush(Duration.ofSeconds(30))).as("ring delivered over SASL").isTrue();
        }

        Run read = doorbell("replay", "--bootstrap-servers", sasl, "--kafka-config", good.toString(), "--topic", topic,
                "--registry-url", "http://127.0.0.1:9/apis/ccompat/v7");
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).contains(vmm.toString());

        Run refused = doorbell("replay", "--bootstrap-servers", sasl, "--kafka-config", wrong.toString(), "--topic", topic,
                "--registry-url", "http://127.0.0.1:9/apis/ccompat/v7");
        assertThat(refused.exit()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(refused.err()).contains("Authentication failed").contains("Invalid username or password").doesNotContain("Exception");
        assertThat(secretsIn(read.out() + read.err() + refused.out() + refused.err())).isEmpty();
        assertThat(refused.err()).doesNotContain("not-the-" + PASSWORD);
    }

    /** A {@code --kafka-config} file: SASL/PLAIN as {@code USER}, plus TLS secrets that must stay hidden as well. */
    private static Path clientConfig(Path dir, String password) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("security.protocol", "SASL_PLAINTEXT");
        properties.setProperty("sasl.mechanism", "PLAIN");
        properties.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";");
        properties.setProperty("ssl.keystore.password", KEYSTORE_PASSWORD);
        properties.setProperty("ssl.key.password", KEY_PASSWORD);
        properties.setProperty("ssl.truststore.password", TRUSTSTORE_PASSWORD);
        Path file = Files.createTempFile(dir, "client", ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "Kafka client settings");
        }
        return file;
    }

    private static Map<String, Object> admin(String bootstrap, KafkaClientProperties settings) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return properties;
    }

    private static List<String> secretsIn(String text) {
        return SECRETS.stream().filter(text::contains).toList();
    }

    private static Database.Config newDatabase(PostgresServer postgres) throws Exception {
        String name = "sasl_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        return Database.Config.of(url, postgres.user(), postgres.password());
    }

    private static JsonNode post(URI base, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (json != null) {
            request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        var response = HTTP.send(request.build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(URI base, String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), BodyHandlers.ofString()).body());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run doorbell(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
