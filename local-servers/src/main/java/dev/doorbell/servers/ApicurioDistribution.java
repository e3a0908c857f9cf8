package dev.doorbell.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the Apicurio Registry 3.3.3 distribution ({@code quarkus-run.jar} beside {@code app/ lib/
 * quarkus/}) is on disk.
 *
 * <p>The build unpacks {@code io.apicurio:apicurio-registry-app:tar.gz:all} into this module's
 * {@code target/} and records the location in the filtered resource
 * {@code dev/doorbell/servers/apicurio.properties}. The system property {@value #OVERRIDE} or the
 * environment variable {@code DOORBELL_APICURIO_HOME} replace it.
 */
public final class ApicurioDistribution {

    /** System property naming the unpacked distribution's directory. */
    public static final String OVERRIDE = "doorbell.apicurio.home";

    private ApicurioDistribution() {
    }

    /** The {@code quarkus-run.jar} to launch. */
    public static Path runJar() {
        Path home = home();
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + home
                    + ": build doorbell-local-servers with Maven (it unpacks the distribution) or set -D" + OVERRIDE);
        }
        return jar;
    }

    static Path home() {
        String override = System.getProperty(OVERRIDE, System.getenv("DOORBELL_APICURIO_HOME"));
        if (override != null) {
            return Path.of(override);
        }
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream("apicurio.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource apicurio.properties is missing: build doorbell-local-servers with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return Path.of(properties.getProperty("apicurio.home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
