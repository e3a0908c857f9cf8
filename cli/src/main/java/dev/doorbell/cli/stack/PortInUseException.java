package dev.doorbell.cli.stack;

/** A port the stack was told to use is taken: the message is the one line a user sees. */
public final class PortInUseException extends IllegalStateException {

    private final int port;
    private final String role;

    public PortInUseException(int port, String role) {
        super("port " + port + " (" + role + ") is in use");
        this.port = port;
        this.role = role;
    }

    public int port() {
        return port;
    }

    public String role() {
        return role;
    }
}
