package dev.doorbell.sledsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.ProblemException;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.model.VmmStatesResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The sled-agent's HTTP API over a {@link Sled}:
 * <ul>
 *   <li>{@code PUT /vmms/{id}} ({@link EnsureRequest}) and {@code PUT /vmms/{id}/state}
 *       ({@link StateRequest}) answer the resulting {@code SledVmmState};</li>
 *   <li>{@code GET /vmms/{id}/state} answers in the shape of the {@code api-version} header's version;</li>
 *   <li>{@code POST /vmms/states} (2.0.0 only) answers many VMMs at once;</li>
 *   <li>{@code POST /vmms/{id}/fault} crashes a VMM; {@code POST /vmms/{id}/poke} takes its next step;</li>
 *   <li>{@code POST /vmms/{id}/migration-failed} ({@link MigrationFailedRequest}) is how a peer sled
 *       in another process reports that its side of a migration failed.</li>
 * </ul>
 * It speaks as omicron's dropshot-based sled-agent does:
 * <ul>
 *   <li>Every endpoint requires the {@code api-version} header ({@link ApiVersionNegotiator}: missing,
 *       unparseable or newer than the sled's newest is a 400 without an error code); every answer
 *       names its version in an {@code api-version} header.</li>
 *   <li>Errors are dropshot bodies ({@link DropshotErrorRenderer}): an unknown VMM is 404 with
 *       {@code error_code} {@code NO_SUCH_INSTANCE} (the only answer that means "gone"), a refused
 *       transition 409 ({@code Conflict}), bad input 400 without a code, and an endpoint asked for in
 *       a version that lacks it ({@code POST /vmms/states} before 2.0.0) 404 without a code, as
 *       dropshot answers a route that does not exist in the request's version.</li>
 *   <li>Terminal retention (Doorbell's proposal to the sled API contract): a VMM that reached
 *       {@code destroyed} or {@code failed} stays readable, unchanged, for the sled's configured
 *       retention ({@link SledSimConfig#retention()}, {@code doorbell sled --terminal-retention}), so
 *       the pull after its final doorbell finds its end state rather than a 404; after that it is
 *       {@code NO_SUCH_INSTANCE}. With retention 0 it is forgotten at once, as omicron's sled-agent
 *       does today.</li>
 * </ul>
 */
public final class SledApi {
    private final Sled sled;
    private final ApiVersionNegotiator versions;
    private final ObjectReader ensureReader;
    private final ObjectReader stateReader;
    private final ObjectReader faultReader;
    private final ObjectReader batchReader;
    private final ObjectReader migrationFailedReader;

    public SledApi(Sled sled, ApiVersionNegotiator versions) {
        this.sled = Objects.requireNonNull(sled, "sled");
        this.versions = Objects.requireNonNull(versions, "versions");
        ObjectMapper strict = Json.strictMapper();
        this.ensureReader = strict.readerFor(EnsureRequest.class);
        this.stateReader = strict.readerFor(StateRequest.class);
        this.faultReader = strict.readerFor(FaultRequest.class);
        this.batchReader = strict.readerFor(VmmStatesRequest.class);
        this.migrationFailedReader = strict.readerFor(MigrationFailedRequest.class);
    }

    /** Adds the routes to {@code builder}. */
    public HttpService.Builder register(HttpService.Builder builder) {
        return builder
                .route("POST", "/vmms/states", this::batchStates)
                .route("PUT", "/vmms/{id}", this::ensure)
                .route("GET", "/vmms/{id}/state", this::getState)
                .route("PUT", "/vmms/{id}/state", this::putState)
                .route("POST", "/vmms/{id}/fault", this::fault)
                .route("POST", "/vmms/{id}/poke", this::poke)
                .route("POST", "/vmms/{id}/migration-failed", this::migrationFailed)
                .errorRenderer(new DropshotErrorRenderer());
    }

    private HttpResponse getState(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        SledVmmState state = sled.state(id).orElseThrow(() -> noSuchVmm(id));
        return answer(state, version);
    }

    private HttpResponse ensure(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        EnsureRequest body = request.readJson(ensureReader);
        return guarded(id, () -> answer(sled.ensure(id, body), version));
    }

    private HttpResponse putState(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        StateRequest body = request.readJson(stateReader);
        return guarded(id, () -> answer(sled.request(id, body), version));
    }

    private HttpResponse fault(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        String reason = request.hasBody() ? request.<FaultRequest>readJson(faultReader).reason() : VmmLifecycle.PROPOLIS_CRASHED;
        return guarded(id, () -> answer(sled.fault(id, reason), version));
    }

    private HttpResponse poke(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        return guarded(id, () -> answer(sled.poke(id), version));
    }

    private HttpResponse migrationFailed(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        MigrationFailedRequest body = request.readJson(migrationFailedReader);
        return guarded(id, () -> answer(sled.peerMigrationFailed(id, body.migrationId()), version));
    }

    private HttpResponse batchStates(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        if (!version.supportsBatchStates()) {
            throw SledErrors.noRouteInVersion();
        }
        VmmStatesRequest body = request.readJson(batchReader);
        if (body.ids().size() > VmmStatesRequest.MAX_IDS) {
            throw SledErrors.badRequest("at most " + VmmStatesRequest.MAX_IDS + " ids per request, got " + body.ids().size());
        }
        Map<UUID, SledVmmState> known = new LinkedHashMap<>();
        List<UUID> unknown = new ArrayList<>();
        for (UUID id : body.ids()) {
            sled.state(id).ifPresentOrElse(s -> known.put(id, s.inShapeOf(version)), () -> unknown.add(id));
        }
        return HttpResponse.ok(new VmmStatesResponse(known, unknown)).withHeader(ApiVersion.HEADER, version.toString());
    }

    private static HttpResponse answer(SledVmmState state, ApiVersion version) {
        return HttpResponse.ok(state.inShapeOf(version)).withHeader(ApiVersion.HEADER, version.toString());
    }

    private static HttpResponse guarded(UUID id, Supplier<HttpResponse> action) {
        try {
            return action.get();
        } catch (UnknownVmmException e) {
            throw noSuchVmm(id);
        } catch (IllegalTransitionException e) {
            throw SledErrors.conflict(e.getMessage());
        }
    }

    private static ProblemException noSuchVmm(UUID id) {
        return SledErrors.noSuchInstance(id);
    }
}
