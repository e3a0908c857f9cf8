package dev.doorbell.cli.stack;

/** Told about each phase of starting the stack, so a user sees progress while it starts. */
public interface StackProgress {

    void started(String phase);

    void done(String phase, long millis, String detail);
}
