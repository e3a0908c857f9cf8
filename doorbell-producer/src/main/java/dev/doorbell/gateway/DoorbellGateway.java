package dev.doorbell.gateway;

import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.Uuids;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.SledVmmStateReader;
import dev.doorbell.model.SledVmmStateReader.InvalidSledVmmStateException;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The doorbell gateway: HTTP for sleds that cannot run a Kafka client, and the legacy upcall shim.
 * <ul>
 *   <li>{@code POST /v1/vmms/{id}/doorbell}, no body: 202 once the ring is accepted by the
 *       {@link DoorbellPublisher} (which never drops it). The doorbell's {@code source} is what the optional
 *       request header {@code source} names (a {@link DoorbellSource} wire name), else {@code gateway}: the gateway
 *       cannot tell a sled from any other caller;</li>
 *   <li>{@code PUT /v1/vmms/{id}}: the legacy upcall, answered according to the current {@link UpcallMode}.</li>
 * </ul>
 * Every rejected request (bad id, body, size, method, path) answers a 4xx problem and reaches no topic.
 */
public final class DoorbellGateway implements AutoCloseable {

    static final URI UPCALL_GONE = URI.create("urn:doorbell:problem:upcall-gone");
    static final URI PUBLISH_FAILED = URI.create("urn:doorbell:problem:publish-failed");
    /** Optional request header naming the calling sled; informational only. */
    static final String SLED_ID_HEADER = "sled-id";
    /** Optional request header saying what rang an HTTP doorbell, e.g. {@code sled}; informational only. */
    static final String SOURCE_HEADER = "source";

    private final DoorbellPublisher publisher;
    private final UpcallBodySink bodySink;
    private final Supplier<UpcallMode> mode;
    private final Duration publishTimeout;
    private final SledVmmStateReader v1Reader = new SledVmmStateReader(ApiVersion.V1);
    private final HttpService http;

    /**
     * @param mode read on every upcall, so an operator can move the rollout along without a restart
     */
    public DoorbellGateway(HttpServiceConfig httpConfig, DoorbellPublisher publisher, UpcallBodySink bodySink,
                           Supplier<UpcallMode> mode, Duration publishTimeout) {
        this.publisher = publisher;
        this.bodySink = bodySink;
        this.mode = mode;
        this.publishTimeout = publishTimeout;
        this.http = HttpService.builder(httpConfig)
                .route("POST", "/v1/vmms/{id}/doorbell", this::ring)
                .route("PUT", "/v1/vmms/{id}", this::upcall)
                .build();
    }

    public DoorbellGateway start() {
        http.start();
        return this;
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    private HttpResponse ring(HttpRequest request) {
        UUID vmmId = request.uuidParam("id");
        if (request.hasBody()) {
            throw ProblemException.badRequest("the doorbell takes no body: it only says 'pull my state'");
        }
        publisher.ring(vmmId, source(request));
        return HttpResponse.empty(202);
    }

    private static DoorbellSource source(HttpRequest request) {
        String header = request.header(SOURCE_HEADER);
        if (header == null) {
            return DoorbellSource.GATEWAY;
        }
        try {
            return DoorbellSource.fromWireName(header);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("header 'source': " + e.getMessage());
        }
    }

    private HttpResponse upcall(HttpRequest request) throws InterruptedException {
        UUID vmmId = request.uuidParam("id");
        UpcallMode current = mode.get();
        if (current == UpcallMode.GONE) {
            String doorbell = "/v1/vmms/" + vmmId + "/doorbell";
            throw new ProblemException(Problem.of(UPCALL_GONE, "Upcall removed", 410,
                            "the state-bearing upcall PUT /v1/vmms/{id} was removed; ring POST " + doorbell
                                    + " (no body) and the control plane pulls the state")
                    .with("doorbell", doorbell));
        }
        SledVmmState state = parseV1(request);
        if (current == UpcallMode.IGNORE_BODY) {
            publisher.ring(vmmId, DoorbellSource.LEGACY_UPCALL);
            return HttpResponse.empty(204);
        }
        publishBody(vmmId, sledId(request), state);
        return HttpResponse.empty(204);
    }

    private SledVmmState parseV1(HttpRequest request) {
        if (!request.hasBody()) {
            throw ProblemException.badRequest("the upcall needs a SledVmmState body");
        }
        try {
            return v1Reader.read(request.body());
        } catch (InvalidSledVmmStateException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    private void publishBody(UUID vmmId, Optional<UUID> sledId, SledVmmState state) throws InterruptedException {
        try {
            bodySink.publish(vmmId, sledId, state).toCompletableFuture().get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not the client's fault: 503 tells the sled to retry, as omicron's sled-agent does.
            throw new ProblemException(Problem.of(PUBLISH_FAILED, "Publish failed", 503,
                    "the observation could not be published; retry"));
        }
    }

    private static Optional<UUID> sledId(HttpRequest request) {
        String header = request.header(SLED_ID_HEADER);
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(Uuids.parse(header)
                .orElseThrow(() -> ProblemException.badRequest("header 'sled-id' must be a UUID")));
    }

    @Override
    public void close() {
        http.close();
    }
}
