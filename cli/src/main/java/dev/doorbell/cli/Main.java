package dev.doorbell.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: wires the command line to the process's streams and exit code. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(CommandLineFactory.create(out, err).execute(args));
    }
}
