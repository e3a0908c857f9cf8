package dev.doorbell.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.CommandLineFactory;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code doorbell schema} in-process against a real Apicurio Registry (shared per JVM: unique subjects). */
@Tag("servers")
@ExtendWith(RegistryExtension.class)
class SchemaCommandRegistryTest {

    private final String registryUrl;

    SchemaCommandRegistryTest(RegistryServer registry) {
        this.registryUrl = registry.ccompatUrl();
    }

    private static String uniqueSubject() {
        return "vmm.states-" + UUID.randomUUID() + "-value";
    }

    private CliRun registerRealHistory(String subject) {
        CliRun run = CliRun.of("schema", "register", "--registry-url", registryUrl, "--subject", subject);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void registerThenCheckOfTheRealHistoryPasses() {
        String subject = uniqueSubject();
        CliRun register = registerRealHistory(subject);
        assertThat(register.out()).contains(subject + " v1  id ", subject + " v2  id ", "2 versions registered");

        CliRun check = CliRun.of("schema", "check", "--registry-url", registryUrl, "--subject", subject);

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out())
                .contains(subject + " v1..v2: local history FULL_TRANSITIVE-compatible")
                .contains(subject + " v1: compatible with registry subject at FULL_TRANSITIVE; registered as id")
                .contains(subject + " v2: compatible with registry subject at FULL_TRANSITIVE; registered as id")
                .doesNotContain("INCOMPATIBLE");
        assertThat(check.err()).isEmpty();
    }

    @Test
    void checkOfAnIncompatibleHistoryFailsNamingTheFieldAndRule() {
        String subject = uniqueSubject();
        registerRealHistory(subject);

        CliRun check = CliRun.of("schema", "check", "--registry-url", registryUrl, "--subject", subject,
                "--dir", CliRun.fixture("schema-fixtures/rings-type-changed").toString());

        assertThat(check.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(check.out())
                .contains(subject + " v1: compatible with registry subject at FULL_TRANSITIVE")
                .contains(subject + " v2: compatible with registry subject at FULL_TRANSITIVE");
        assertThat(check.out().lines().filter(l -> l.startsWith("INCOMPATIBLE")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(subject + " v3").contains("rings").contains("TYPE_MISMATCH")
                        .doesNotContain("no reason given"))
                .anySatisfy(line -> assertThat(line).contains("local gate: " + subject + " v3 is not FULL_TRANSITIVE-compatible with v1"))
                .anySatisfy(line -> assertThat(line).contains(subject + " v3 rejected by registry at FULL_TRANSITIVE: reader v3 cannot read writer registry version 1"));
        assertThat(check.err().strip()).isEqualTo("doorbell: schema check failed: "
                + check.out().lines().filter(l -> l.startsWith("INCOMPATIBLE")).count() + " incompatibilities");
    }

    @Test
    void checkOfAFieldRemovedInsideTheOutcomeUnionNamesThePathDownToTheField() {
        String subject = uniqueSubject();
        registerRealHistory(subject);

        CliRun check = CliRun.of("schema", "check", "--registry-url", registryUrl, "--subject", subject,
                "--dir", CliRun.fixture("schema-fixtures/gen-removed").toString());

        assertThat(check.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(check.out().lines().filter(l -> l.startsWith("INCOMPATIBLE")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(subject + " v3")
                        .contains("(outcome[SledVmmState].vmm_state.gen): READER_FIELD_MISSING_DEFAULT_VALUE 'gen'")
                        .doesNotContain("MISSING_UNION_BRANCH"))
                .anySatisfy(line -> assertThat(line).contains("local gate: " + subject + " v3 is not FULL_TRANSITIVE-compatible with v1"
                        + ": reader v1 cannot read writer v3 at /fields/7/type/0/fields/0/type/fields/1"))
                .anySatisfy(line -> assertThat(line).contains(subject + " v3 rejected by registry at FULL_TRANSITIVE: reader registry version"));
    }

    @Test
    void checkOfAnUnknownSubjectIsOneLine() {
        String subject = uniqueSubject();

        CliRun check = CliRun.of("schema", "check", "--registry-url", registryUrl, "--subject", subject);

        assertThat(check.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(check.err().strip()).isEqualTo("doorbell: unknown subject '" + subject + "' in " + registryUrl);
    }

    @Test
    void listShowsVersionsIdsAndLevel() {
        String subject = uniqueSubject();
        registerRealHistory(subject);

        CliRun one = CliRun.of("schema", "list", "--registry-url", registryUrl, "--subject", subject);
        CliRun all = CliRun.of("schema", "list", "--registry-url", registryUrl);

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out().lines()).hasSize(3);
        assertThat(one.out()).startsWith(subject + "  compatibility FULL_TRANSITIVE  versions 2")
                .containsPattern("  version 1  id \\d+")
                .containsPattern("  version 2  id \\d+");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains(one.out());
    }

    @Test
    void listOfAnUnknownSubjectIsOneLine() {
        String subject = uniqueSubject();

        CliRun list = CliRun.of("schema", "list", "--registry-url", registryUrl, "--subject", subject);

        assertThat(list.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(list.err().strip()).isEqualTo("doorbell: unknown subject '" + subject + "' in " + registryUrl);
    }

    @Test
    void compatShowsAndSetsTheLevel() {
        String subject = uniqueSubject();
        registerRealHistory(subject);

        CliRun show = CliRun.of("schema", "compat", "--registry-url", registryUrl, "--subject", subject);
        CliRun set = CliRun.of("schema", "compat", "--registry-url", registryUrl, "--subject", subject, "--level", "BACKWARD");
        CliRun again = CliRun.of("schema", "compat", "--registry-url", registryUrl, "--subject", subject);

        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out().strip()).isEqualTo(subject + ": FULL_TRANSITIVE");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out().strip()).isEqualTo(subject + ": FULL_TRANSITIVE → BACKWARD");
        assertThat(again.out().strip()).isEqualTo(subject + ": BACKWARD");
    }

    @Test
    void compatWithAnUnknownLevelIsAUsageError() {
        CliRun run = CliRun.of("schema", "compat", "--registry-url", registryUrl, "--level", "SIDEWAYS");

        assertThat(run.exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(run.err().strip()).startsWith("doorbell: Invalid value for option '--level'").doesNotContain("\n");
    }

    @Test
    void badRegistryUrlIsOneLine() {
        CliRun run = CliRun.of("schema", "list", "--registry-url", "ftp://example.invalid/registry");

        assertThat(run.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(run.err().strip())
                .isEqualTo("doorbell: bad --registry-url 'ftp://example.invalid/registry': registry URL must be http(s): ftp://example.invalid/registry");
    }

    @Test
    void unreachableRegistryIsOneLineAndFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";

        for (String[] args : new String[][] {
                {"schema", "check", "--registry-url", url},
                {"schema", "list", "--registry-url", url},
                {"schema", "register", "--registry-url", url},
                {"schema", "compat", "--registry-url", url}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(CommandLineFactory.EXIT_FAILURE);
            assertThat(run.err().strip())
                    .as(String.join(" ", args))
                    .startsWith("doorbell: schema registry unreachable: ")
                    .contains(url)
                    .doesNotContain("\n");
        }
    }
}
