package dev.doorbell.fetcher.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow sled: forwards every request to a real sled and answers {@code delay} after it arrived,
 * without holding a thread meanwhile (the answer is scheduled, not slept for).
 */
final class DelayingSledProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final URI upstream;
    private final Duration delay;
    private final AtomicInteger received = new AtomicInteger();

    DelayingSledProxy(URI upstream, Duration delay) {
        this.upstream = upstream;
        this.delay = delay;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("api-version") || name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("accept")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, handlers))
                .thenCompose(ignored -> upstreamClient.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()))
                .whenComplete((response, error) -> answer(exchange, response, error));
    }

    private static void answer(HttpExchange exchange, HttpResponse<byte[]> response, Throwable error) {
        try (exchange) {
            if (error != null) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().firstValue("content-type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the fetcher gave up on this request; nothing to do
        }
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests that reached the proxy (answered or not). */
    int requestsReceived() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        upstreamClient.close();
    }
}
