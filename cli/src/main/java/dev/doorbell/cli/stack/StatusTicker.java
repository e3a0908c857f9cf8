package dev.doorbell.cli.stack;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints {@link StackStatus} lines every interval until closed: on a terminal it rewrites one line
 * with {@code \r}; otherwise (a log file, a pipe) it appends one line per interval.
 */
public final class StatusTicker implements AutoCloseable {

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("doorbell-status").factory());
    private final StackStatus status;
    private final PrintWriter out;
    private final boolean rewrite;
    private StackStatus.Sample previous;

    public StatusTicker(StackStatus status, PrintWriter out, boolean rewrite) {
        this.status = status;
        this.out = out;
        this.rewrite = rewrite;
    }

    public StatusTicker start(Duration every) {
        previous = status.sample();
        scheduler.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            StackStatus.Sample now = status.sample();
            String line = StackStatus.line(previous, now);
            previous = now;
            if (rewrite) {
                out.print("\r\033[2K" + line);
            } else {
                out.println(line);
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
