package dev.doorbell.reconciler.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server answering every request with one fixed answer, shaped as omicron's sled-agent
 * (dropshot) answers errors: {@code {"request_id", "error_code", "message"}}. For the error paths
 * the simulated sled cannot be driven into on demand (a sled that forgot a VMM, one that hangs).
 */
final class DropshotSled implements AutoCloseable {

    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);

    private DropshotSled(int status, String body, Duration delay) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                exchange.getRequestBody().readAllBytes();
                if (!delay.isZero()) {
                    released.await(delay.toMillis(), TimeUnit.MILLISECONDS); // a hung sled, released on close
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Answers {@code status} with dropshot's error body; {@code errorCode} null leaves {@code error_code} out. */
    static DropshotSled error(int status, String errorCode, String message) throws IOException {
        String code = errorCode == null ? "" : "\"error_code\": \"" + errorCode + "\", ";
        return new DropshotSled(status, "{\"request_id\": \"r-1\", " + code + "\"message\": \"" + message + "\"}", Duration.ZERO);
    }

    /** Answers only after {@code delay} (or when closed). */
    static DropshotSled hanging(Duration delay) throws IOException {
        return new DropshotSled(500, "{}", delay);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
