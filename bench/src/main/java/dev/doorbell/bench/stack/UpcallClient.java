package dev.doorbell.bench.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sleds' legacy upcall, as the bench sends it for them: an asynchronous HTTP {@code PUT} of the
 * VMM's full state in the 1.0.0 shape with a {@code sled-id} header, at most
 * {@value #MAX_IN_FLIGHT} in flight (the caller waits beyond that, as a sled's client would). Its
 * threads are in the {@link Component#SLEDS} group.
 */
final class UpcallClient implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 128;

    private final ObjectMapper mapper = Json.mapper();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong failures = new AtomicLong();
    private final ExecutorService executor;
    private final HttpClient http;

    UpcallClient(ComponentThreads threads) {
        this.executor = Executors.newCachedThreadPool(threads.factory(Component.SLEDS, "sled-upcall-http"));
        this.http = threads.callUnchecked(Component.SLEDS, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build());
    }

    /** Sends the change's state to {@code uri}; a failure or refusal is counted, not thrown. */
    void put(URI uri, UUID sledId, Fleet.Change change) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(change.state().inShapeOf(ApiVersion.V1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        inFlight.acquireUninterruptibly();
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("sled-id", sledId.toString()).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    inFlight.release();
                    if (failure != null || response.statusCode() >= 300) {
                        failures.incrementAndGet();
                    }
                });
    }

    /** Waits (at most {@code timeout}) until every PUT sent has been answered. */
    void awaitAnswered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.availablePermits() < MAX_IN_FLIGHT && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** @return PUTs that failed or were refused so far */
    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        http.close();
        executor.shutdownNow();
    }
}
