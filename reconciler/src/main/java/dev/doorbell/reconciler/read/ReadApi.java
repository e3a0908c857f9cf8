package dev.doorbell.reconciler.read;

import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.ProblemException;
import java.util.Objects;
import java.util.UUID;

/**
 * The read API over {@link ReadModel}:
 * <ul>
 *   <li>{@code GET /v1/instances}, {@code GET /v1/vmms} (filtered by {@code sled} and {@code state},
 *       {@link VmmFilter}) and {@code GET /v1/sleds}: pages ({@link PageRequest}, {@link Page});</li>
 *   <li>{@code GET /v1/instances/{id}} ({@link InstanceView}), {@code GET /v1/vmms/{id}} ({@link VmmView}),
 *       {@code GET /v1/sleds/{id}} ({@link SledView}): 404 for unknown ids, 400 for malformed ones.</li>
 * </ul>
 * Timestamps are written by the service's mapper; build the service with
 * {@code objectMapper(dev.doorbell.model.Json.mapper())} for RFC 3339 text.
 */
public final class ReadApi {

    private final ReadModel model;

    public ReadApi(ReadModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Adds the routes to {@code builder}. */
    public HttpService.Builder register(HttpService.Builder builder) {
        return builder
                .route("GET", "/v1/instances", DatabaseProblems.guard(request -> HttpResponse.ok(model.instances(PageRequest.from(request)))))
                .route("GET", "/v1/instances/{id}", DatabaseProblems.guard(request -> {
                    var id = request.uuidParam("id");
                    return HttpResponse.ok(model.instance(id).orElseThrow(() -> notFound("instance", id)));
                }))
                .route("GET", "/v1/vmms", DatabaseProblems.guard(request -> HttpResponse.ok(
                        model.vmms(PageRequest.from(request), VmmFilter.from(request)))))
                .route("GET", "/v1/vmms/{id}", DatabaseProblems.guard(request -> {
                    var id = request.uuidParam("id");
                    return HttpResponse.ok(model.vmm(id).orElseThrow(() -> notFound("VMM", id)));
                }))
                .route("GET", "/v1/sleds", DatabaseProblems.guard(request -> HttpResponse.ok(model.sleds(PageRequest.from(request)))))
                .route("GET", "/v1/sleds/{id}", DatabaseProblems.guard(request -> {
                    var id = request.uuidParam("id");
                    return HttpResponse.ok(model.sled(id).orElseThrow(() -> notFound("sled", id)));
                }));
    }

    private static ProblemException notFound(String what, UUID id) {
        return ProblemException.notFound("no " + what + " " + id);
    }
}
