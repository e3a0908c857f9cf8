package dev.doorbell.bench.stack;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A console progress line: whole lines, each prefixed with the time since this progress began, and
 * one line redrawn in place with a bar.
 */
public final class Progress {

    private static final int BAR_WIDTH = 20;
    private final PrintWriter out;
    private final long start = System.nanoTime();

    public Progress(PrintWriter out) {
        this.out = out;
    }

    /** Prints a line (ending any line being redrawn). */
    public void line(String text) {
        out.println("\r" + elapsed() + text + " ".repeat(10));
        out.flush();
    }

    /** Redraws the current line. */
    public void inline(String text) {
        out.print("\r" + elapsed() + text);
        out.flush();
    }

    private String elapsed() {
        return String.format(Locale.ROOT, "%6.1f s  ", (System.nanoTime() - start) / 1e9);
    }

    /** @return {@code [#####.....]}-style bar, {@code done} of {@code total} */
    public static String bar(long done, long total) {
        int filled = (int) Math.min(BAR_WIDTH, total <= 0 ? BAR_WIDTH : done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }
}
