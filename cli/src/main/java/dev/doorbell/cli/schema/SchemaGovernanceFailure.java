package dev.doorbell.cli.schema;

/** A {@code doorbell schema} command cannot proceed; the message is the one line the user sees. */
public final class SchemaGovernanceFailure extends RuntimeException {

    public SchemaGovernanceFailure(String message) {
        super(message);
    }

    public SchemaGovernanceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
