package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Component files with the CLI's own logging configuration (log4j2.xml, log4j2.component.properties). */
class ComponentLogsTest {

    private static final Logger LOG = LoggerFactory.getLogger("dev.doorbell.cli.stack.ComponentLogsTest");

    @Test
    void threadsStartedInsideAComponentLogToItsFileWithTheirKeyValues(@TempDir Path dir) throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        try (ComponentLogs logs = ComponentLogs.open(dir)) {
            Thread worker;
            try (var scope = ComponentLogs.enter("reconciler")) {
                // made inside the component, run after the scope closed: the name goes with the thread
                worker = Thread.ofPlatform().unstarted(() -> LOG.atInfo().addKeyValue("vmm", vmm).addKeyValue("sled", sled)
                        .addKeyValue("gen", 3).log("applied " + marker));
            }
            worker.start();
            worker.join();
            LOG.atInfo().log("no component " + marker);
            LOG.atDebug().log("below INFO " + marker);

            String reconciler = Files.readString(logs.fileOf("reconciler"));
            assertThat(reconciler.lines().filter(l -> l.contains(marker)))
                    .singleElement().satisfies(line -> assertThat(line)
                            .contains("INFO ").contains("ComponentLogsTest - applied " + marker)
                            .contains("gen=3").contains("sled=" + sled).contains("vmm=" + vmm).contains("component=reconciler"));
            assertThat(Files.readString(logs.fileOf(ComponentLogs.UNNAMED)).lines().filter(l -> l.contains(marker)))
                    .singleElement().satisfies(line -> assertThat(line).endsWith("ComponentLogsTest - no component " + marker));
        }
        LOG.atInfo().log("after close " + marker);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("reconciler.log", "stack.log");
        }
        assertThat(Files.readString(dir.resolve("stack.log"))).doesNotContain("after close");
    }

    @Test
    void aComponentNameCannotLeaveTheDirectory() {
        assertThat(ComponentLogs.fileName("../../etc/passwd")).isEqualTo(".._.._etc_passwd.log");
        assertThat(ComponentLogs.fileName("sled-1")).isEqualTo("sled-1.log");
    }
}
