package dev.doorbell.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.cli.CommandLineFactory;
import dev.doorbell.model.VmmState;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code doorbell replay} end to end, in process: wiring, output formats, and the error policy for bad input. */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class ReplayCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ReplayFixture fixture;

    @BeforeEach
    void setUp(KafkaCluster kafka, RegistryServer registry) throws Exception {
        fixture = new ReplayFixture(kafka, registry);
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private int replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", fixture.bootstrap, "--registry-url", fixture.registryUrl));
        all.addAll(List.of(args));
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void jsonFormatIsOneObjectPerLine() throws Exception {
        UUID vmm = UUID.randomUUID();
        Instant t = ReplayFixture.minutesAgo(1);
        fixture.observe(ReplayFixture.observation(vmm, VmmState.RUNNING, 3, 2), t);
        fixture.raw(fixture.topics.states(), vmm, new byte[] {0, 0, 0, 0}, t.plusMillis(1));
        fixture.ring(vmm, t.plusMillis(2));

        assertThat(replay("--topic", fixture.topics.states(), "--vmm", vmm.toString(), "--format", "json")).isZero();
        assertThat(err.toString()).isEmpty();

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : outLines()) {
            lines.add(mapper.readTree(line));
        }
        assertThat(lines).hasSize(2);
        JsonNode observation = lines.get(0);
        assertThat(observation.get("kind").asText()).isEqualTo("observation");
        assertThat(observation.get("key").asText()).isEqualTo(vmm.toString());
        assertThat(observation.get("partition").asInt()).isEqualTo(VmmPartition.of(vmm, 3));
        assertThat(observation.at("/value/outcome/type").asText()).isEqualTo("SledVmmState");
        assertThat(observation.at("/value/outcome/vmm_state/state").asText()).isEqualTo("running");
        assertThat(observation.at("/value/outcome/vmm_state/gen").asLong()).isEqualTo(3);
        assertThat(observation.at("/value/rings").asLong()).isEqualTo(2);
        JsonNode malformed = lines.get(1);
        assertThat(malformed.get("kind").asText()).isEqualTo("malformed");
        assertThat(malformed.at("/value/hex").asText()).isEqualTo("00000000");
        assertThat(malformed.get("summary").asText()).startsWith("MALFORMED");
    }

    @Test
    void tableMergeShowsWhichTopicEachLineIsFrom() throws Exception {
        UUID vmm = UUID.randomUUID();
        Instant t = ReplayFixture.minutesAgo(1);
        fixture.ring(vmm, t);
        fixture.observe(ReplayFixture.observation(vmm, VmmState.STARTING, 1, 1), t.plusMillis(10));

        assertThat(replay("--merge", "--vmm", vmm.toString(), "--topic", fixture.topics.doorbells(), "--topic", fixture.topics.states()))
                .isZero();

        assertThat(outLines()).hasSize(2);
        assertThat(outLines().get(0)).contains(fixture.topics.doorbells()).contains("(no body)").contains("source=sled")
                .contains("rung-at=" + t);
        assertThat(outLines().get(1)).contains(fixture.topics.states()).contains("fetch api 2.0.0").contains("starting gen 1");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(replay("--help")).isZero();
        assertThat(out.toString()).contains("Usage: doorbell replay").contains("--topic").contains("--vmm").contains("--from")
                .contains("--to").contains("--follow").contains("--merge").contains("--format").contains("--limit");
    }

    @Test
    void malformedUuidIsAUsageError() {
        assertThat(replay("--vmm", "not-a-uuid")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertOneLine().contains("--vmm: 'not-a-uuid' is not a UUID");
    }

    @Test
    void unparseableTimeIsAUsageError() {
        assertThat(replay("--from", "last tuesday")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertOneLine().contains("--from: 'last tuesday' is neither an ISO-8601 time");
    }

    @Test
    void unknownFormatAndNonsenseCombinationsAreUsageErrors() {
        assertThat(replay("--format", "xml")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertOneLine().contains("--format");
    }

    @Test
    void mergeWithoutVmmIsAUsageError() {
        assertThat(replay("--merge")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertOneLine().contains("--merge needs --vmm");
    }

    @Test
    void unknownTopicFails() {
        String topic = "no.such.topic-" + UUID.randomUUID();
        assertThat(replay("--topic", topic)).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertOneLine().contains("no such topic: '" + topic + "'");
    }

    @Test
    void unreachableBrokerFailsWithinTheTimeout() {
        int code = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("replay", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "PT2S");
        assertThat(code).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertOneLine().contains("Kafka at 127.0.0.1:1 did not answer within 2 s");
    }

    @Test
    void unreachableRegistryFails() throws Exception {
        UUID vmm = UUID.randomUUID();
        fixture.observe(ReplayFixture.observation(vmm, VmmState.RUNNING, 1, 0), ReplayFixture.minutesAgo(1));
        int code = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("replay", "--bootstrap-servers", fixture.bootstrap, "--registry-url", "http://127.0.0.1:1/apis/ccompat/v7",
                        "--topic", fixture.topics.states());
        assertThat(code).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertOneLine().contains("cannot decode " + fixture.topics.states() + ": the schema registry at http://127.0.0.1:1/apis/ccompat/v7 did not answer");
    }

    private AbstractStringAssert<?> assertOneLine() {
        String text = err.toString().strip();
        assertThat(text).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
        return assertThat(text).startsWith("doorbell: ");
    }
}
