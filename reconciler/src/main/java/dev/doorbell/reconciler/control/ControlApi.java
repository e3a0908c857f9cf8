package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.model.Json;
import dev.doorbell.reconciler.read.DatabaseProblems;
import dev.doorbell.reconciler.read.InstanceView;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The control API (JSON over HTTP; every error a problem):
 * <ul>
 *   <li>{@code PUT /v1/sleds/{id}} ({@link SledRegistration}) → 201 new / 200 re-registered, the sled;
 *       {@code POST /v1/sleds/{id}/off}, {@code POST /v1/sleds/{id}/expunge} → 200, the sled;</li>
 *   <li>{@code POST /v1/instances} ({@link InstanceCreate}) → 201, the instance, {@code Location} header;</li>
 *   <li>{@code POST /v1/instances/{id}/start} (optional {@link StartRequest}), {@code .../stop},
 *       {@code .../reboot} → 200 {@link InstanceAction}; {@code .../migrate} ({@link MigrateRequest})
 *       → 200 {@link MigrationStarted}.</li>
 * </ul>
 * Bodies are read strictly (unknown members, wrong types: 400). Unknown ids 404, malformed ids 400,
 * illegal transitions 409, a sled or database that does not answer 503. The semantics are those of
 * {@link SledRegistry} and {@link InstanceLifecycle}.
 */
public final class ControlApi {

    private final SledRegistry sleds;
    private final InstanceLifecycle instances;
    private final ObjectReader registrationReader;
    private final ObjectReader createReader;
    private final ObjectReader startReader;
    private final ObjectReader migrateReader;

    public ControlApi(SledRegistry sleds, InstanceLifecycle instances) {
        this.sleds = Objects.requireNonNull(sleds, "sleds");
        this.instances = Objects.requireNonNull(instances, "instances");
        ObjectMapper strict = Json.strictMapper();
        this.registrationReader = strict.readerFor(SledRegistration.class);
        this.createReader = strict.readerFor(InstanceCreate.class);
        this.startReader = strict.readerFor(StartRequest.class);
        this.migrateReader = strict.readerFor(MigrateRequest.class);
    }

    /** Adds the routes to {@code builder}. */
    public HttpService.Builder register(HttpService.Builder builder) {
        return builder
                .route("PUT", "/v1/sleds/{id}", DatabaseProblems.guard(request -> {
                    UUID id = request.uuidParam("id");
                    SledRegistry.Registered registered = sleds.register(id, request.readJson(registrationReader));
                    return HttpResponse.json(registered.created() ? 201 : 200, registered.sled());
                }))
                .route("POST", "/v1/sleds/{id}/off", DatabaseProblems.guard(request ->
                        HttpResponse.ok(sleds.off(request.uuidParam("id")))))
                .route("POST", "/v1/sleds/{id}/expunge", DatabaseProblems.guard(request ->
                        HttpResponse.ok(sleds.expunge(request.uuidParam("id")))))
                .route("POST", "/v1/instances", DatabaseProblems.guard(request -> {
                    InstanceView created = instances.create(request.readJson(createReader));
                    return HttpResponse.json(201, created).withHeader("Location", "/v1/instances/" + created.id());
                }))
                .route("POST", "/v1/instances/{id}/start", DatabaseProblems.guard(request -> {
                    UUID id = request.uuidParam("id");
                    Optional<UUID> sled = request.hasBody()
                            ? Optional.ofNullable(request.<StartRequest>readJson(startReader).sledId())
                            : Optional.empty();
                    return HttpResponse.ok(instances.start(id, sled));
                }))
                .route("POST", "/v1/instances/{id}/stop", DatabaseProblems.guard(request ->
                        HttpResponse.ok(instances.stop(request.uuidParam("id")))))
                .route("POST", "/v1/instances/{id}/reboot", DatabaseProblems.guard(request ->
                        HttpResponse.ok(instances.reboot(request.uuidParam("id")))))
                .route("POST", "/v1/instances/{id}/migrate", DatabaseProblems.guard(request -> {
                    UUID id = request.uuidParam("id");
                    MigrateRequest body = request.readJson(migrateReader);
                    return HttpResponse.ok(instances.migrate(id, body.targetSledId()));
                }));
    }
}
