package dev.doorbell.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of one server, that a test can make unreachable in two ways:
 * {@link #refuse()} closes its port (clients get "connection refused"), {@link #blackHole()} accepts
 * connections and never answers (clients wait until their own timeouts). {@link #forward()} heals.
 * Every switch drops the connections open at the time, as a network partition would. The port
 * stays the same throughout.
 */
final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, REFUSE, BLACK_HOLE, CLOSED }

    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final int port;
    private volatile Mode mode = Mode.FORWARD;
    private ServerSocket server; // guarded by this; null while refusing

    TcpProxy(InetSocketAddress target) {
        this.target = target;
        this.server = bind(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    /** {@code http://127.0.0.1:port}: the address to give out instead of the target's. */
    URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Connections accepted so far, in any mode. */
    long accepted() {
        return accepted.get();
    }

    /** Passes connections through to the target. */
    synchronized void forward() {
        switchTo(Mode.FORWARD);
    }

    /** Closes the port: connections are refused. */
    synchronized void refuse() {
        switchTo(Mode.REFUSE);
    }

    /** Accepts connections and never reads from or writes to them. */
    synchronized void blackHole() {
        switchTo(Mode.BLACK_HOLE);
    }

    private void switchTo(Mode next) {
        if (mode == Mode.CLOSED) {
            throw new IllegalStateException("proxy closed");
        }
        mode = next;
        dropOpenConnections();
        if (next == Mode.REFUSE && server != null) {
            closeQuietly(server);
            server = null;
        } else if (next != Mode.REFUSE && server == null) {
            server = bind(port);
            startAccepting(server);
        }
    }

    private static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    private void startAccepting(ServerSocket listening) {
        Thread.ofVirtual().name("chaos-proxy-accept-" + port).start(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException e) {
                    return; // closed
                }
                accepted.incrementAndGet();
                open.add(client);
                if (mode == Mode.FORWARD) {
                    Thread.ofVirtual().name("chaos-proxy-pipe").start(() -> pipe(client));
                }
                // black hole: keep the socket open and never touch it, until the next switch drops it
            }
        });
    }

    private void pipe(Socket client) {
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            if (mode != Mode.FORWARD) {
                return; // accepted just before a switch: drop it like the others
            }
            upstream.connect(target, 1_000);
            Thread back = Thread.ofVirtual().name("chaos-proxy-pipe-back").start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException e) {
            // the target is down or the connection was dropped: the client sees the connection close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(upstream);
            closeQuietly(client);
            open.remove(upstream);
            open.remove(client);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void dropOpenConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // dropping it is the point
        }
    }

    @Override
    public synchronized void close() {
        mode = Mode.CLOSED;
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        dropOpenConnections();
    }
}
