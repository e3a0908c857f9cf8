package dev.doorbell.sledsim.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Asynchronous HTTP calls to the doorbell gateway, with connect and request timeouts. */
final class GatewayClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient client;
    private final URI base;

    GatewayClient(URI gateway) {
        String text = Objects.requireNonNull(gateway, "gateway").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    CompletableFuture<DeliveryOutcome> send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> DeliveryOutcome.ofStatus(response.statusCode()));
    }

    void close() {
        client.close();
    }
}
