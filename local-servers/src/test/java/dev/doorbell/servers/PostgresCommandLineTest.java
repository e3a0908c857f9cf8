package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument lists {@link Postgres} runs, without running them. */
class PostgresCommandLineTest {

    private static final Path HOME = Path.of("/opt/pg");
    private static final Path DATA = Path.of("/var/db/pg");

    private static List<String> serverOptions(boolean durable) {
        List<String> start = new PostgresCommandLine(HOME, DATA, 5433, durable, List.of()).start();
        return List.of(start.get(start.indexOf("-o") + 1).split(" "));
    }

    @Test
    void aDurableServerGetsFsyncOnOnceAndNoDashF() {
        List<String> options = serverOptions(true);

        assertThat(options).doesNotContain("-F").containsSequence("-c", "fsync=on")
                .contains("synchronous_commit=on", "full_page_writes=on")
                .doesNotContain("fsync=off", "synchronous_commit=off", "full_page_writes=off");
        assertThat(options.stream().filter(o -> o.startsWith("fsync="))).hasSize(1);
    }

    @Test
    void aThrowAwayServerSaysFsyncOffOnceInTheSameWay() {
        List<String> options = serverOptions(false);

        assertThat(options).doesNotContain("-F").containsSequence("-c", "fsync=off")
                .contains("synchronous_commit=off", "full_page_writes=off").doesNotContain("fsync=on");
    }

    @Test
    void everySettingIsGivenOnceOnTheRightPort() {
        List<String> options = serverOptions(true);
        List<String> names = options.stream().filter(o -> o.contains("=")).map(o -> o.substring(0, o.indexOf('='))).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(options).containsSequence("-p", "5433");
    }

    @Test
    void initdbRequiresScramPasswordsForEveryConnection() {
        List<String> initdb = new PostgresCommandLine(HOME, DATA, 5433, true, List.of()).initdb("postgres", Path.of("/var/db/postgres.password"));

        assertThat(initdb.getFirst()).isEqualTo(HOME.resolve("bin").resolve("initdb").toString());
        assertThat(initdb).contains("--auth=scram-sha-256", "--pwfile=/var/db/postgres.password")
                .containsSequence("-U", "postgres").containsSequence("-D", DATA.toString())
                .noneMatch(arg -> arg.contains("trust"));
    }

    @Test
    void startAndStopWaitForTheServer() {
        PostgresCommandLine line = new PostgresCommandLine(HOME, DATA, 5433, true, List.of());

        assertThat(line.start()).startsWith(HOME.resolve("bin").resolve("pg_ctl").toString()).contains("-w").endsWith("start");
        assertThat(line.stop()).containsSequence("-m", "fast").contains("-w").endsWith("stop");
    }

    @Test
    void asRootEveryCommandRunsUnderTheLauncher() {
        PostgresCommandLine line = new PostgresCommandLine(HOME, DATA, 5433, true, List.of("unshare", "-U"));

        assertThat(List.of(line.initdb("postgres", Path.of("/pw")), line.start(), line.stop()))
                .allSatisfy(command -> assertThat(command).startsWith("unshare", "-U"));
    }
}
