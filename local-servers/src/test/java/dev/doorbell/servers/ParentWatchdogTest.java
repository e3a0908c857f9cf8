package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("servers")
class ParentWatchdogTest {

    @Test
    void childEndsWhenItsParentJvmIsKilled(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder(List.of(JavaRuntime.current().executable().toString(),
                "-cp", System.getProperty("java.class.path"), WatchdogProbe.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().trim());
        }
        assertThat(ProcessHandle.of(childPid)).isPresent();

        parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
        parent.waitFor();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).isNotEqualTo(
                        Optional.of(true)));
    }

    @Test
    void stopEndsTheChildAndItsWatchdog(@TempDir Path dir) {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), dir, dir.resolve("sleeper.log"));
        long pid = child.pid();

        child.stop(Duration.ofSeconds(5));

        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("doorbell-watchdog")))
                .isEmpty();
    }
}
