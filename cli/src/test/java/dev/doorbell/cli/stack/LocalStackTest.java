package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorbell.cli.CommandLineFactory;
import dev.doorbell.cli.demo.StackClient;
import dev.doorbell.sledsim.LoadDriver;
import dev.doorbell.sledsim.SledSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One real local stack (broker and registry as child processes, embedded PostgreSQL, three sleds
 * with a small churning fleet placed by the control plane) shared by the tests that need it: the
 * fleet's VMMs all come from the control plane, a crash reaches the read API, the demo passes
 * against it, and closing it leaves no child process.
 */
@Tag("servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    private static final int FLEET_PER_SLED = 4;

    private LocalStack stack;
    private StackClient client;

    /** Servers this JVM already ran before the stack (the testkit's shared ones, started by other test classes). */
    private static final Set<Long> PREEXISTING = new HashSet<>();

    @BeforeAll
    void startStack() throws Exception {
        ProcessHandle.current().descendants().map(ProcessHandle::pid).forEach(PREEXISTING::add);
        stack = LocalStack.start(new StackConfig(null, 0, 0, 0, 0, 3, 3, FLEET_PER_SLED, 4), StackProgress.silent());
        client = new StackClient(stack.controlUrl());
    }

    @AfterAll
    void stopStack() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(0)
    void theEndpointsNamePostgresLoginAndItIsTheOnlyOneThatWorks() throws Exception {
        String jdbcUrl = stack.endpoints().get("postgres");
        Matcher login = Pattern.compile("user (\\S+), password (\\S+)").matcher(stack.endpoints().get("postgres login"));
        assertThat(login.matches()).as("login: %s", stack.endpoints().get("postgres login")).isTrue();

        try (Connection c = DriverManager.getConnection(jdbcUrl, login.group(1), login.group(2))) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, login.group(1), login.group(2) + "-wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    @Order(0)
    void everyVmmOnEverySledWasPlacedByTheControlPlaneAndEndedOnesAreReplacedThroughIt() {
        List<LoadDriver> loads = stack.sleds().stream().map(s -> s.load().orElseThrow()).toList();
        assertThat(loads).allSatisfy(load -> assertThat(load.vmmIds().size() + load.awaitingReplacement())
                .isEqualTo(FLEET_PER_SLED));

        // the churn stops and crashes VMMs; each replacement is the control plane starting the instance again
        await().atMost(Duration.ofSeconds(60)).until(() -> loads.stream().mapToLong(LoadDriver::replaced).sum() > 0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (SledSimulator sled : stack.sleds()) {
                for (UUID vmm : sled.sled().states().keySet()) {
                    JsonNode row = client.vmm(vmm).orElseThrow(() -> new AssertionError("no row for VMM " + vmm));
                    assertThat(row.path("instance_id").isTextual()).as("VMM %s has an instance: the control plane placed it", vmm)
                            .isTrue();
                    assertThat(row.path("sled_id").asText()).isEqualTo(sled.sled().id().toString());
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> states = new ArrayList<>();
            for (LoadDriver load : loads) {
                for (UUID vmm : load.vmmIds()) {
                    client.vmm(vmm).ifPresent(row -> states.add(row.path("state").asText()));
                }
            }
            assertThat(states).as("states of the driven VMMs in the database").contains("running");
        });
    }

    @Test
    @Order(1)
    void aCrashOnTheSledReachesTheReadApi() throws Exception {
        SledSimulator sled = stack.sleds().getFirst();
        UUID instance = client.createInstance("crash-me");
        UUID vmm = client.start(instance, sled.config().sledId());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(client.instance(instance).path("state").asText()).isEqualTo("running"));

        client.fault(URI.create(sled.baseUrl()), vmm, "propolis_crashed");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode view = client.instance(instance);
            assertThat(view.path("state").asText()).isEqualTo("failed");
            assertThat(view.path("failure_reason").asText()).isEqualTo("from_sled_agent");
        });
        assertThat(client.vmm(vmm)).hasValueSatisfying(row -> {
            assertThat(row.path("gen").asLong()).isEqualTo(sled.sled().state(vmm).orElseThrow().vmmState().gen());
            assertThat(row.path("failure_reason").asText()).isEqualTo("from_sled_agent");
            assertThat(row.path("failure_detail").asText()).isEqualTo("propolis_crashed");
        });
    }

    @Test
    @Order(2)
    void demoAttachedToTheStackPassesAndPrintsTheTimeline() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute("demo",
                "--attach", stack.controlUrl().toString(), "--bootstrap-servers", stack.bootstrapServers(),
                "--registry", stack.registryUrl());

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString())
                .contains("TIMELINE")
                .contains("sled change → ring → fetch → applied")
                .contains("migrating").contains("rebooting").contains("failed").contains("destroyed")
                .contains("OK: the database equals the sleds");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @Order(3)
    void statusLineReportsThePipelinesRates() {
        StackStatus status = stack.status();
        StackStatus.Sample before = status.sample();
        StackStatus.Sample after = status.sample();

        assertThat(after.rings()).as("rings consumed so far").isPositive();
        assertThat(after.applied()).as("observations applied so far").isPositive();
        assertThat(StackStatus.line(before, after)).contains("rings/s").contains("applied/s").contains("lag doorbells")
                .contains("p99");
    }

    @Test
    @Order(3)
    void eachComponentLogsToItsOwnFileWithItsKeyValueContext() {
        Map<String, Path> files = stack.logFiles();
        assertThat(files).containsKeys("reconciler", "fetcher", "gateway", "sled-1", "sled-2", "sled-3", "stack",
                "kafka", "registry", "postgres");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // the control API placed every VMM: the reconciler's threads logged each start with its context
            assertThat(text(files.get("reconciler"))).contains("INFO").contains("applied migration")
                    .containsPattern("InstanceLifecycle - .*\\{.*component=reconciler.*sled=[0-9a-f-]{36}.*vmm=[0-9a-f-]{36}");
            assertThat(text(files.get("fetcher"))).contains("INFO").doesNotContain("component=reconciler");
            assertThat(text(files.get("gateway"))).contains("gateway listening");
            assertThat(text(files.get("sled-2"))).contains("serving").contains("component=sled-2");
        });
        assertThat(files.get("kafka")).exists();
        assertThat(files.get("registry")).exists();
        assertThat(files.get("postgres")).exists();
    }

    private static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    @Order(4)
    void closingLeavesNoChildProcess() {
        assertThat(children()).as("servers running before close").isNotEmpty();

        stack.close();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(children()).isEmpty());
    }

    /** This JVM's descendants that are the stack's servers: the broker, the registry, PostgreSQL. */
    private static List<String> children() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> !PREEXISTING.contains(p.pid()))
                .map(p -> p.info().commandLine().orElse(p.info().command().orElse("?")))
                .filter(cmd -> cmd.contains("kafka.Kafka") || cmd.contains("quarkus-run.jar") || cmd.contains("postgres"))
                .toList();
    }
}
