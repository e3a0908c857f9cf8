package dev.doorbell.cli.stack;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints status lines every interval until closed: on a terminal it rewrites one line with {@code \r} (notices,
 * such as a process that died, are printed above it as lines of their own); otherwise (a log file, a pipe) it
 * appends every line.
 */
public final class StatusTicker implements AutoCloseable {

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("doorbell-status").factory());
    private final StatusLines status;
    private final PrintWriter out;
    private final boolean rewrite;

    /** Where the lines come from. */
    @FunctionalInterface
    public interface StatusLines {
        /** What happened since the previous call: notices first, if any, then the status line. */
        List<String> next();
    }

    public StatusTicker(StatusLines status, PrintWriter out, boolean rewrite) {
        this.status = status;
        this.out = out;
        this.rewrite = rewrite;
    }

    public StatusTicker start(Duration every) {
        List<String> first = status.next(); // the first interval starts now: its notices, not its (empty) status line
        first.subList(0, Math.max(0, first.size() - 1)).forEach(out::println);
        out.flush();
        scheduler.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            List<String> lines = status.next();
            for (int i = 0; i < lines.size(); i++) {
                boolean last = i == lines.size() - 1;
                if (rewrite) {
                    out.print("\r\033[2K" + lines.get(i) + (last ? "" : System.lineSeparator()));
                } else {
                    out.println(lines.get(i));
                }
            }
            out.flush();
        } catch (RuntimeException e) { // a meter that misbehaves must not end the ticker
            out.println("status unavailable: " + e);
            out.flush();
        }
    }

    /** Whether standard output is an interactive terminal (Java 22+ can tell; before, a console means one). */
    public static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (rewrite) {
            out.println();
            out.flush();
        }
    }
}
