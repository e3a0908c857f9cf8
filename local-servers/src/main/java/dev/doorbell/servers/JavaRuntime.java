package dev.doorbell.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java executable that child servers run on: the one running this JVM (under Surefire that is
 * the toolchain's JDK, whatever the default {@code java} on the PATH is).
 *
 * @param executable path of the {@code java} launcher
 * @param feature    the Java feature release, e.g. 21
 */
public record JavaRuntime(Path executable, int feature) {

    /** The runtime of the current JVM. */
    public static JavaRuntime current() {
        Path executable = ProcessHandle.current().info().command()
                .map(Path::of)
                .filter(Files::isExecutable)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
        return new JavaRuntime(executable, Runtime.version().feature());
    }

    /**
     * This runtime if it is at least {@code minimum}.
     *
     * @throws IllegalStateException naming {@code what} needs the newer Java otherwise
     */
    public JavaRuntime requireAtLeast(int minimum, String what) {
        if (feature < minimum) {
            throw new IllegalStateException(what + " needs Java " + minimum + " or newer, but this JVM is Java "
                    + feature + " (" + executable + "); run on a JDK " + minimum + "+");
        }
        return this;
    }

    /** JVM options that silence warnings of newer JDKs about libraries the child servers use. */
    List<String> quietOptions() {
        return feature >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }
}
