package dev.doorbell.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Ends a server process when this JVM dies, even by {@code SIGKILL} (when no shutdown hook runs).
 *
 * <p>It is a tiny {@code sh} loop, a child of this JVM, that checks once a second whether it has
 * been re-parented (its parent, this JVM, is gone) and whether the guarded process still exists.
 * When the JVM is gone it sends {@code SIGTERM} to the guarded process, waits up to ten seconds and
 * then sends {@code SIGKILL}. When the guarded process ends first, the loop exits by itself.
 * Checking the parent id rather than {@code kill -0} on the JVM's pid is immune to a dead JVM that
 * lingers as a zombie and to pid reuse.
 */
final class ParentWatchdog {

    private static final String SCRIPT = """
            jvm="$1"; pid="$2"
            while :; do
              read -r _ _ _ ppid _ < /proc/$$/stat
              [ "$ppid" = "$jvm" ] || break
              kill -0 "$pid" 2>/dev/null || exit 0
              sleep 1
            done
            kill -TERM "$pid" 2>/dev/null || exit 0
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i+1)); done
            kill -KILL "$pid" 2>/dev/null
            exit 0
            """;

    private ParentWatchdog() {
    }

    /** Starts a watchdog guarding {@code pid}; the returned process ends with it. */
    static Process guard(long pid) {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                "sh", "-c", SCRIPT, "doorbell-watchdog",
                Long.toString(ProcessHandle.current().pid()), Long.toString(pid)));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of process " + pid, e);
        }
    }
}
