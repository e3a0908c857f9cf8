package dev.doorbell.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the {@code doorbell} command line with the project's error policy: a failure prints
 * one readable line on stderr (the stack trace only with {@code --verbose}) and exits non-zero.
 */
public final class CommandLineFactory {

    /** Exit code for bad usage (unknown option, missing argument). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a command that ran and failed. */
    public static final int EXIT_FAILURE = 1;

    private CommandLineFactory() {}

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        DoorbellCommand root = new DoorbellCommand();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("doorbell: " + ex.getMessage());
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("doorbell: " + describe(ex));
            if (root.verbose) {
                ex.printStackTrace(cmd.getErr());
            }
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
}
