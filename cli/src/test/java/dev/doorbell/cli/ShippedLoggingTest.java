package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as shipped: {@code Main} on the runtime classpath alone (what {@code cli/target/lib} holds, no
 * test dependencies) has a logging backend, logs to stderr at INFO and keeps stdout for the command's output.
 */
@Tag("servers")
class ShippedLoggingTest {

    private static final Path BUILD = Path.of(System.getProperty("doorbell.build.directory", "target"));

    @Test
    void theRuntimeClasspathHasALoggingBackend() throws Exception {
        String classpath = Files.readString(BUILD.resolve("runtime-classpath.txt")).strip();

        assertThat(classpath.split(File.pathSeparator))
                .anySatisfy(jar -> assertThat(Path.of(jar).getFileName().toString()).startsWith("log4j-core-"))
                .anySatisfy(jar -> assertThat(Path.of(jar).getFileName().toString()).startsWith("log4j-slf4j2-impl-"));
    }

    @Test
    void aCommandLogsToStderrAndKeepsStdoutForItsOutput(@TempDir Path dir) throws Exception {
        String classpath = BUILD.resolve("classes") + File.pathSeparator + Files.readString(BUILD.resolve("runtime-classpath.txt")).strip();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process sled = new ProcessBuilder(List.of(java, "-cp", classpath, "dev.doorbell.cli.Main",
                "sled", "--notify", "none", "--vmms", "0", "--port", "0"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(sled.isAlive()).as("still running; stderr: %s", Files.readString(err)).isTrue();
                assertThat(Files.readString(out)).contains("Ctrl-C stops it.");
                assertThat(Files.readString(err)).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  SledSimulator - sled [0-9a-f-]{36} serving");
            });
            assertThat(Files.readString(err)).doesNotContain("could not find a logging provider");
            assertThat(Files.readString(out)).doesNotContain(" INFO ");
        } finally {
            sled.destroy();
            if (!sled.waitFor(20, TimeUnit.SECONDS)) {
                sled.destroyForcibly();
            }
        }
    }
}
