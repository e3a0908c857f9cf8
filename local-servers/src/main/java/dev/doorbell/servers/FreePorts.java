package dev.doorbell.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks loopback TCP ports that are free at the moment of the call.
 *
 * <p>The ports are released before they are returned, so another process may take one before
 * the caller binds it; callers that need certainty retry on a bind failure. All ports of one
 * call are distinct because they are held open together while being chosen.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int one() {
        return several(1).getFirst();
    }

    /** {@code count} distinct free loopback ports. */
    public static List<Integer> several(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                held.add(socket);
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }

    /** {@code requested} if it is positive, otherwise a free port. */
    static int orFree(int requested) {
        return requested > 0 ? requested : one();
    }
}
