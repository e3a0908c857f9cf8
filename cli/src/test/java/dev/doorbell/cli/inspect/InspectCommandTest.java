package dev.doorbell.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.cli.CommandLineFactory;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doorbell inspect} against a real pipeline (broker, registry, PostgreSQL, reconciler, fetcher, one sled): a VMM
 * started through the control plane is shown in all four views and judged in sync; bad input, an unknown VMM and an
 * unreachable reconciler are exit 2 with one line.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class InspectCommandTest {

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @Test
    void showsAllFourViewsOfARealVmmAndJudgesItInSync(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres,
                                                      @TempDir Path dir) throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineTopics topics = PipelineTopics.suffixed(suffix);
        PipelineSpec spec = PipelineSpec.on(new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), newDatabase(postgres)))
                .withTopics(topics, 3, (short) 1)
                .withReconciler(c -> c.withHttpPort(0).withGroupId("inspect-reconciler" + suffix).withSweep(null))
                .withFetchers(n -> dir.resolve("fetcher-" + n), c -> c.withApplicationId("inspect-fetcher" + suffix))
                .withSleds(id -> SledSimConfig.builder().sledId(id).notify(NotifyMode.DOORBELL_KAFKA, null).build());
        try (Pipeline pipeline = Pipeline.start(spec)) {
            SledSimulator sled = pipeline.startSled(UUID.randomUUID());
            StartedVmm vmm = pipeline.control().start(pipeline.control().createInstance("inspected" + suffix), sled.sled().id());
            List<String> args = List.of("inspect", "--vmm", vmm.vmmId().toString(),
                    "--reconciler-url", pipeline.reconciler().baseUrl(), "--fetcher-url", pipeline.fetcher().baseUrl(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--registry-url", registry.ccompatUrl(),
                    "--states-topic", topics.states(), "--doorbells-topic", topics.doorbells(), "--last", "3");

            AtomicReference<Run> last = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Run run = doorbell(args.toArray(String[]::new));
                last.set(run);
                assertThat(run.out()).as(run.err()).contains("verdict   IN SYNC: the database has the sled's running gen");
            });
            Run run = last.get();
            System.out.println(run.out()); // the real thing, in the test's output file
            assertThat(run.exit()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).extracting(line -> line.substring(0, Math.min(10, line.length())).strip())
                    .startsWith("VMM", "database", "", "sled", "states", "rings").endsWith("fetcher", "verdict");
            assertThat(lines.get(1)).startsWith("database  running gen ");
            assertThat(lines.get(2)).contains("instance " + vmm.instanceId() + " running").contains("sled " + sled.sled().id());
            assertThat(lines.get(3)).startsWith("sled      running gen ").contains("api 2.0.0");
            assertThat(lines.get(4)).startsWith("states    " + topics.states() + " ").contains("running gen");
            assertThat(lines.get(5)).startsWith("rings     " + topics.doorbells() + " partition ").contains("of this VMM:");
            assertThat(lines.get(6)).contains("[source=");
            assertThat(lines.stream().filter(l -> l.startsWith("fetcher   ")).findFirst()).hasValueSatisfying(line ->
                    assertThat(line).containsAnyOf("nothing pending", "pending: "));
            assertThat(run.err()).isEmpty();

            assertUsageError(doorbell("inspect", "--vmm", "not-a-uuid"), "--vmm: 'not-a-uuid' is not a UUID");
            assertUsageError(doorbell("inspect", "--vmm", vmm.vmmId().toString(), "--grace", "soon"),
                    "Invalid value for option '--grace': 'soon' is not a duration");
            UUID unknown = UUID.randomUUID();
            assertUsageError(doorbell("inspect", "--vmm", unknown.toString(), "--reconciler-url", pipeline.reconciler().baseUrl()),
                    "no VMM " + unknown + " in the database");
        }
    }

    @Test
    void anUnreachableReconcilerIsOneLineAndExit2() {
        assertUsageError(doorbell("inspect", "--vmm", UUID.randomUUID().toString(), "--reconciler-url", "http://127.0.0.1:1"),
                "the reconciler at http://127.0.0.1:1 is unreachable");
        assertUsageError(doorbell("inspect", "--vmm", UUID.randomUUID().toString(), "--reconciler-url", "not a url"),
                "--reconciler-url: 'not a url' is not an http(s) URL");
        assertUsageError(doorbell("inspect"), "Missing required option: '--vmm=UUID'");
    }

    private static void assertUsageError(Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("doorbell: ").contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static Run doorbell(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Database.Config newDatabase(PostgresServer postgres) throws Exception {
        String name = "inspect_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        return Database.Config.of(url, postgres.user(), postgres.password());
    }
}
