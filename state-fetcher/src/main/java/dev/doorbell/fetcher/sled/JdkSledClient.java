package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link SledClient} on {@code java.net.http.HttpClient} ({@code sendAsync}, HTTP/1.1, no
 * redirects followed). Completions run on the HttpClient's executor.
 */
public final class JdkSledClient implements SledClient {
    private final HttpClient http;
    private final SledProtocol protocol;

    public JdkSledClient(SledClientConfig config) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.protocol = new SledProtocol(new Exchange(http, config.requestTimeout()));
    }

    @Override
    public CompletableFuture<Map<UUID, VmmFetchResult>> fetch(SledTarget sled, List<UUID> vmmIds, ApiVersion version) {
        return protocol.fetch(sled, vmmIds, version);
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private record Exchange(HttpClient http, Duration requestTimeout) implements SledExchange {

        @Override
        public CompletableFuture<SledReply> get(URI uri, ApiVersion version) {
            return send(request(uri, version).GET().build());
        }

        @Override
        public CompletableFuture<SledReply> post(URI uri, ApiVersion version, byte[] json) {
            return send(request(uri, version)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build());
        }

        private HttpRequest.Builder request(URI uri, ApiVersion version) {
            return HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header(ApiVersion.HEADER, version.toString())
                    .header("Accept", "application/json");
        }

        private CompletableFuture<SledReply> send(HttpRequest request) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> new SledReply(response.statusCode(), response.body()));
        }
    }
}
