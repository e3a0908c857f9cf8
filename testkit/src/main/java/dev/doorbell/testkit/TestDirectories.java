package dev.doorbell.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where servers started for tests keep data and logs: under the test module's build directory
 * (system property {@code doorbell.build.directory}, set by Surefire), else under a temporary
 * directory. Each call gives a new directory so runs never collide.
 */
final class TestDirectories {

    private TestDirectories() {
    }

    static Path newDirectory(String name) {
        String build = System.getProperty("doorbell.build.directory");
        Path base = build != null ? Path.of(build, "doorbell-servers")
                : Path.of(System.getProperty("java.io.tmpdir"), "doorbell-servers");
        try {
            return Files.createDirectories(base.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
