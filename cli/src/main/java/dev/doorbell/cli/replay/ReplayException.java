package dev.doorbell.cli.replay;

/**
 * A replay cannot run or go on: no such topic, the broker or the registry does not answer. The message is
 * one sentence for the user. (A malformed record is not this: it is shown and the replay goes on.)
 */
public final class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
