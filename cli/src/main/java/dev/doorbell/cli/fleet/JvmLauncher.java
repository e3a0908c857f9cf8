package dev.doorbell.cli.fleet;

import dev.doorbell.servers.JavaRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * How a component process is started: {@code doorbell <command> <options>} in a JVM of its own, on this
 * JVM's runtime and class path (the launcher's jars as shipped, or the test class path under Maven).
 *
 * @param java      the {@code java} executable
 * @param classPath the class path holding {@code dev.doorbell.cli.Main}
 * @param jvmOptions options before the class path (heap, GC)
 */
public record JvmLauncher(String java, String classPath, List<String> jvmOptions) {

    /** The main class of the {@code doorbell} command. */
    static final String MAIN = "dev.doorbell.cli.Main";

    /**
     * Small heaps and the serial collector: a component of the local stack needs little, and on a small machine
     * every JVM's parallel GC threads would compete for the same cores.
     */
    public static final List<String> DEFAULT_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED");

    public JvmLauncher {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** This JVM's runtime and class path, with {@link #DEFAULT_OPTIONS}. */
    public static JvmLauncher current() {
        return new JvmLauncher(JavaRuntime.current().executable().toString(), System.getProperty("java.class.path"), DEFAULT_OPTIONS);
    }

    /** The command line of {@code doorbell <arguments>}. */
    public List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN);
        command.addAll(arguments);
        return List.copyOf(command);
    }
}
