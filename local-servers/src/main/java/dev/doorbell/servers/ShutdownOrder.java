package dev.doorbell.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The process's one shutdown hook for what Doorbell starts, so that it stops in order on
 * {@code SIGTERM}, {@code SIGINT} or exit: first the application's own closing ({@link #first}: the
 * command that owns the process, e.g. {@code doorbell up} closing its pipeline), then the servers'
 * safety nets ({@link #server}: child processes, PostgreSQL), the newest first. The JVM runs its
 * shutdown hooks concurrently and in no order, so a hook per server would stop the broker under a
 * pipeline still flushing to it.
 */
public final class ShutdownOrder {

    /** A step that is no longer needed, e.g. a safety net once its server stopped normally. */
    public interface Registration {
        void cancel();
    }

    private static final ConcurrentLinkedDeque<Runnable> FIRST = new ConcurrentLinkedDeque<>();
    private static final ConcurrentLinkedDeque<Runnable> SERVERS = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownOrder::runAll, "doorbell-shutdown"));
    }

    private ShutdownOrder() {
    }

    /** Runs {@code closing} at shutdown before any server is stopped, unless cancelled first. */
    public static Registration first(Runnable closing) {
        Objects.requireNonNull(closing, "closing");
        FIRST.add(closing);
        return () -> FIRST.removeFirstOccurrence(closing);
    }

    /** Runs {@code stop} at shutdown after the application's closing, unless cancelled first. */
    public static Registration server(Runnable stop) {
        Objects.requireNonNull(stop, "stop");
        SERVERS.addFirst(stop);
        return () -> SERVERS.removeFirstOccurrence(stop);
    }

    /** What the hook runs, in its order (for tests): the application's closing, then the servers newest first. */
    static List<Runnable> pending() {
        List<Runnable> all = new ArrayList<>(FIRST);
        all.addAll(SERVERS);
        return all;
    }

    private static void runAll() {
        for (Runnable step : pending()) {
            try {
                step.run();
            } catch (RuntimeException e) {
                // keep stopping the rest; each step logs its own failure
            }
        }
    }
}
