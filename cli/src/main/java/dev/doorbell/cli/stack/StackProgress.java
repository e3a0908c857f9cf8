package dev.doorbell.cli.stack;

import java.nio.file.Path;

/** Told about each phase of starting the stack, so a user sees progress while it starts. */
public interface StackProgress {

    /** Before the first phase: the directory that will hold one log file per component ({@link ComponentLogs}). */
    default void logsIn(Path directory) {
    }

    void started(String phase);

    void done(String phase, long millis, String detail);

    /** @return progress that tells nobody anything (tests, and callers that show their own) */
    static StackProgress silent() {
        return new StackProgress() {
            @Override
            public void started(String phase) {
            }

            @Override
            public void done(String phase, long millis, String detail) {
            }
        };
    }
}
