package dev.doorbell.cli.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Checks up front that every configured port is free, so a taken port is one clear error before
 * anything starts (rather than a child process that never becomes ready). Port 0 means "any free
 * port" and is not checked. The check binds 127.0.0.1, which also fails when another process listens
 * on the wildcard address.
 */
public final class PortCheck {

    private PortCheck() {}

    /**
     * @param ports role → port, checked in order
     * @throws PortInUseException for the first taken port
     */
    public static void requireFree(Map<String, Integer> ports) {
        ports.forEach((role, port) -> {
            if (port != 0 && !isFree(port)) {
                throw new PortInUseException(port, role);
            }
        });
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT is usable by the real server too
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
