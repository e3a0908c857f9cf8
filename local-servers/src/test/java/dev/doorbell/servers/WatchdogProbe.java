package dev.doorbell.servers;

import java.nio.file.Path;
import java.util.List;

/** A JVM for {@link ParentWatchdogTest} to kill: starts a child through {@link ChildProcess}, prints its pid, waits. */
public final class WatchdogProbe {

    private WatchdogProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), dir, dir.resolve("sleeper.log"));
        System.out.println(child.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
