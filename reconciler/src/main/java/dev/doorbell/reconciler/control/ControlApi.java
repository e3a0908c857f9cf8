package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.RequestHandler;
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
 * Bodies are read strictly (unknown members, wrong types: 400). A request the control plane refuses
 * ({@link ControlRefusal}): invalid 400, unknown ids 404, illegal transitions 409, a Kafka write not
 * acknowledged or no sled to start on 503; malformed ids 400, a database that does not answer 503. A failed sled call
 * ({@link ControlCallException}, as omicron maps {@code SledAgentInstanceError}): the sled no
 * longer has the VMM ({@code NO_SUCH_INSTANCE}; the VMM is now failed) 503, the sled refused the
 * transition 409, the sled is unreachable 502, it timed out 504, anything else it answered 502;
 * each problem carries {@code sled_id} (and {@code vmm_id} for a gone VMM). The semantics are
 * those of {@link SledRegistry} and {@link InstanceLifecycle}.
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

    /** The HTTP status of a failed sled call; the one place that decides it. */
    static Problem problem(ControlCallException e) {
        int status = switch (e) {
            case ControlCallException.VmmGone gone -> 503;
            case ControlCallException.SledRefused refused -> 409;
            case ControlCallException.SledUnreachable unreachable -> 502;
            case ControlCallException.SledTimedOut timedOut -> 504;
            case ControlCallException.SledFailed failed -> 502;
        };
        Problem problem = Problem.of(status, e.getMessage()).with("sled_id", e.sledId().toString());
        return e instanceof ControlCallException.VmmGone gone ? problem.with("vmm_id", gone.vmmId().toString()) : problem;
    }

    /** The HTTP status of a refused request; the one place that decides it. */
    static Problem problem(ControlRefusal e) {
        int status = switch (e) {
            case ControlRefusal.Invalid invalid -> 400;
            case ControlRefusal.NotFound notFound -> 404;
            case ControlRefusal.Conflict conflict -> 409;
            case ControlRefusal.Unavailable unavailable -> 503;
        };
        return Problem.of(status, e.getMessage());
    }

    private static RequestHandler guard(RequestHandler handler) {
        return DatabaseProblems.guard(request -> {
            try {
                return handler.handle(request);
            } catch (ControlCallException e) {
                throw new ProblemException(problem(e));
            } catch (ControlRefusal e) {
                throw new ProblemException(problem(e));
            }
        });
    }

    /** Adds the routes to {@code builder}. */
    public HttpService.Builder register(HttpService.Builder builder) {
        return builder
                .route("PUT", "/v1/sleds/{id}", guard(request -> {
                    UUID id = request.uuidParam("id");
                    SledRegistry.Registered registered = sleds.register(id, request.readJson(registrationReader));
                    return HttpResponse.json(registered.created() ? 201 : 200, registered.sled());
                }))
                .route("POST", "/v1/sleds/{id}/off", guard(request ->
                        HttpResponse.ok(sleds.off(request.uuidParam("id")))))
                .route("POST", "/v1/sleds/{id}/expunge", guard(request ->
                        HttpResponse.ok(sleds.expunge(request.uuidParam("id")))))
                .route("POST", "/v1/instances", guard(request -> {
                    InstanceView created = instances.create(request.readJson(createReader));
                    return HttpResponse.json(201, created).withHeader("Location", "/v1/instances/" + created.id());
                }))
                .route("POST", "/v1/instances/{id}/start", guard(request -> {
                    UUID id = request.uuidParam("id");
                    Optional<UUID> sled = request.hasBody()
                            ? Optional.ofNullable(request.<StartRequest>readJson(startReader).sledId())
                            : Optional.empty();
                    return HttpResponse.ok(instances.start(id, sled));
                }))
                .route("POST", "/v1/instances/{id}/stop", guard(request ->
                        HttpResponse.ok(instances.stop(request.uuidParam("id")))))
                .route("POST", "/v1/instances/{id}/reboot", guard(request ->
                        HttpResponse.ok(instances.reboot(request.uuidParam("id")))))
                .route("POST", "/v1/instances/{id}/migrate", guard(request -> {
                    UUID id = request.uuidParam("id");
                    MigrateRequest body = request.readJson(migrateReader);
                    return HttpResponse.ok(instances.migrate(id, body.targetSledId()));
                }));
    }
}
