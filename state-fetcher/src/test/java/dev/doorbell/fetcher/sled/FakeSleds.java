package dev.doorbell.fetcher.sled;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Servers that answer what a real sled never would, for the failure paths. */
final class FakeSleds {
    private FakeSleds() {
    }

    /** @return a loopback port with nothing listening (bound, then released) */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A server that answers every request with {@code status} and {@code body}. */
    static Fake answering(int status, String contentType, String body) throws IOException {
        return new Fake((exchange, fake) -> reply(exchange, status, contentType, body));
    }

    /**
     * A sled whose GET answers {@code stateJson} and which has no {@code POST /vmms/states} (404 without
     * an error code, as dropshot answers a route missing in the request's version).
     */
    static Fake withoutBatchEndpoint(String stateJson) throws IOException {
        return new Fake((exchange, fake) -> {
            if ("POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 404, "application/json", "{\"request_id\":\"r\",\"message\":\"Not Found\"}");
            } else {
                reply(exchange, 200, "application/json", stateJson);
            }
        });
    }

    /** A server that accepts connections and never answers. */
    static BlackHole blackHole() throws IOException {
        return new BlackHole();
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    interface Handler {
        void handle(HttpExchange exchange, Fake fake) throws IOException;
    }

    /** A {@code com.sun.net.httpserver} server on a free loopback port that records what it was asked. */
    static final class Fake implements AutoCloseable {
        private final HttpServer server;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<String> versions = new CopyOnWriteArrayList<>();

        Fake(Handler handler) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                versions.add(String.valueOf(exchange.getRequestHeaders().getFirst("api-version")));
                handler.handle(exchange, this);
            });
            server.start();
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        List<String> versionsSeen() {
            return List.copyOf(versions);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Accepts connections on a free loopback port, reads nothing, answers nothing. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().name("black-hole").start(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        int accepted() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
