package dev.doorbell.cli.demo;

/** The demo could not do or see what it expected; the message is the one line a user reads. */
public final class DemoFailure extends RuntimeException {

    public DemoFailure(String message) {
        super(message);
    }

    public DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
