package dev.doorbell.servers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of a Kafka broker process: Kafka 4.4 ({@code kafka_2.13}) and its runtime
 * dependencies plus a Log4j 2 binding, resolved by Maven when this module was built.
 *
 * <p>The build ({@code maven-dependency-plugin:build-classpath}) writes the jars' absolute paths,
 * in the local Maven repository, to the resource {@code dev/doorbell/servers/kafka-broker.classpath}.
 * The system property {@value #OVERRIDE} replaces it (e.g. for a packaged distribution).
 */
public final class KafkaBrokerClasspath {

    /** System property naming a classpath string to use instead of the built-in resource. */
    public static final String OVERRIDE = "doorbell.kafka.classpath";

    private static final String RESOURCE = "kafka-broker.classpath";

    private KafkaBrokerClasspath() {
    }

    /** The classpath string, checked: every entry exists. */
    public static String resolve() {
        String classpath = System.getProperty(OVERRIDE);
        if (classpath == null) {
            try (InputStream in = KafkaBrokerClasspath.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing: build doorbell-local-servers with Maven");
                }
                classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> missing = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !Files.exists(Path.of(entry)))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kafka broker classpath entries are missing (rebuild doorbell-local-servers "
                    + "or set -D" + OVERRIDE + "): " + missing);
        }
        return classpath;
    }
}
