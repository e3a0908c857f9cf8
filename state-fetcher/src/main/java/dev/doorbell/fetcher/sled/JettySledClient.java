package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A {@link SledClient} on Eclipse Jetty 12's asynchronous {@code HttpClient} (HTTP/1.1, no
 * redirects followed, at most {@link SledClientConfig#maxConnectionsPerSled()} connections per
 * sled). Requests are encoded and sent, and completions run, on the client's daemon pool
 * ({@code sled-client-jetty-*}), never on the caller's thread.
 */
public final class JettySledClient implements SledClient {
    /** Largest answer read: a full batch of 1,000 states is ~300 KB. */
    private static final int MAX_BODY_BYTES = 8 << 20;

    private final HttpClient http;
    private final QueuedThreadPool pool;
    private final SledProtocol protocol;

    public JettySledClient(SledClientConfig config) {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("sled-client-jetty");
        pool.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(pool);
        client.setScheduler(new ScheduledExecutorScheduler("sled-client-jetty-scheduler", true));
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(config.maxConnectionsPerSled());
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Jetty HTTP client", e);
        }
        this.http = client;
        this.pool = pool;
        this.protocol = new SledProtocol(new Exchange(client, config.requestTimeout().toMillis()));
    }

    @Override
    public CompletableFuture<Map<UUID, VmmFetchResult>> fetch(SledTarget sled, List<UUID> vmmIds, ApiVersion version) {
        // Encoding and sending a request costs its caller tens of microseconds of CPU; the caller is the
        // fetcher's one stream thread, the pipeline's only serial stage, so the client's pool does it.
        try {
            return CompletableFuture.supplyAsync(() -> protocol.fetch(sled, vmmIds, version), pool).thenCompose(reply -> reply);
        } catch (RejectedExecutionException closed) {
            return protocol.fetch(sled, vmmIds, version); // the stopped client fails it the usual way: retryable
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Jetty HTTP client", e);
        }
    }

    private record Exchange(HttpClient http, long requestTimeoutMillis) implements SledExchange {

        @Override
        public CompletableFuture<SledReply> get(URI uri, ApiVersion version) {
            return send(request(uri, version).method(HttpMethod.GET));
        }

        @Override
        public CompletableFuture<SledReply> post(URI uri, ApiVersion version, byte[] json) {
            return send(request(uri, version).method(HttpMethod.POST).body(new BytesRequestContent("application/json", json)));
        }

        private Request request(URI uri, ApiVersion version) {
            return http.newRequest(uri)
                    .timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
                    .headers(h -> h.put(ApiVersion.HEADER, version.toString()).put(HttpHeader.ACCEPT, "application/json"));
        }

        private static CompletableFuture<SledReply> send(Request request) {
            return new CompletableResponseListener(request, MAX_BODY_BYTES).send()
                    .thenApply(response -> new SledReply(response.getStatus(), response.getContent()));
        }
    }
}
