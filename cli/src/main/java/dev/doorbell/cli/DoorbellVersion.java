package dev.doorbell.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the version the build stamped into {@code version.properties}, and the JVM running it. */
public final class DoorbellVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "doorbell " + projectVersion(),
            "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String projectVersion() {
        try (InputStream in = DoorbellVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
