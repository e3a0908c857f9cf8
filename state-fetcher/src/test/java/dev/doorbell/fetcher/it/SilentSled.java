package dev.doorbell.fetcher.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket that accepts connections and never answers: a hung sled when registered in
 * the directory, or a trap that counts connections nobody should make.
 */
final class SilentSled implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentSled() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("silent-sled-" + server.getLocalPort()).start(this::acceptForever);
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                held.add(socket); // kept open, never read from nor written to
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** host:port, as a header naming it would. */
    String hostAndPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
