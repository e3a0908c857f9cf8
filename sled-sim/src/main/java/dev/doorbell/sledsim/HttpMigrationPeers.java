package dev.doorbell.sledsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Backoff;
import dev.doorbell.model.Json;
import dev.doorbell.sledsim.notify.CoalescingSender;
import dev.doorbell.sledsim.notify.DeliveryOutcome;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tells a peer sled in another process that a migration failed:
 * {@code POST <peer sled>/vmms/{peer}/migration-failed}, retried with backoff until the peer answers
 * (a 4xx, e.g. an unknown VMM, ends the attempts). Peers without a URL go to {@code local}.
 */
public final class HttpMigrationPeers implements MigrationPeers, AutoCloseable {
    private record Notice(URI sled, UUID migrationId) {
    }

    private final MigrationPeers local;
    private final ObjectMapper mapper = Json.mapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CoalescingSender<Notice> sender;

    public HttpMigrationPeers(MigrationPeers local, Backoff backoff, ScheduledExecutorService retries) {
        this.local = Objects.requireNonNull(local, "local");
        this.sender = new CoalescingSender<>(this::post, backoff, retries);
    }

    @Override
    public void migrationFailed(UUID peerVmmId, UUID migrationId, URI peerSledUrl) {
        if (peerSledUrl == null) {
            local.migrationFailed(peerVmmId, migrationId, null);
        } else {
            sender.submit(peerVmmId, new Notice(peerSledUrl, migrationId));
        }
    }

    private CompletableFuture<DeliveryOutcome> post(UUID peerVmmId, Notice notice) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new MigrationFailedRequest(notice.migrationId()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String base = notice.sled().toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/vmms/" + peerVmmId + "/migration-failed"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                // the oldest version: every sled has this endpoint in it, whatever release the peer runs
                .header(ApiVersion.HEADER, ApiVersion.V1.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> DeliveryOutcome.ofStatus(response.statusCode()));
    }

    @Override
    public void close() {
        sender.close();
        client.close();
    }
}
