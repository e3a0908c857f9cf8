package dev.doorbell.sledsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.model.VmmStatesResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

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
 * Write endpoints answer in the header's version, or the newest supported if the header is absent.
 * Unknown VMMs are 404 ({@code urn:doorbell:problem:no-such-vmm}), disallowed transitions 409,
 * bad input 400; every response names its version in an {@code api-version} header.
 */
public final class SledApi {
    public static final URI NO_SUCH_VMM = URI.create("urn:doorbell:problem:no-such-vmm");
    public static final URI INVALID_TRANSITION = URI.create("urn:doorbell:problem:invalid-transition");

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
                .route("POST", "/vmms/{id}/migration-failed", this::migrationFailed);
    }

    private HttpResponse getState(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        SledVmmState state = sled.state(id).orElseThrow(() -> noSuchVmm(id));
        return answer(state, version);
    }

    private HttpResponse ensure(HttpRequest request) {
        ApiVersion version = versions.requireOrNewest(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        EnsureRequest body = request.readJson(ensureReader);
        return guarded(id, () -> answer(sled.ensure(id, body), version));
    }

    private HttpResponse putState(HttpRequest request) {
        ApiVersion version = versions.requireOrNewest(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        StateRequest body = request.readJson(stateReader);
        return guarded(id, () -> answer(sled.request(id, body), version));
    }

    private HttpResponse fault(HttpRequest request) {
        ApiVersion version = versions.requireOrNewest(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        String reason = request.hasBody() ? request.<FaultRequest>readJson(faultReader).reason() : VmmLifecycle.PROPOLIS_CRASHED;
        return guarded(id, () -> answer(sled.fault(id, reason), version));
    }

    private HttpResponse poke(HttpRequest request) {
        ApiVersion version = versions.requireOrNewest(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        return guarded(id, () -> answer(sled.poke(id), version));
    }

    private HttpResponse migrationFailed(HttpRequest request) {
        ApiVersion version = versions.requireOrNewest(request.header(ApiVersion.HEADER));
        UUID id = request.uuidParam("id");
        MigrationFailedRequest body = request.readJson(migrationFailedReader);
        return guarded(id, () -> answer(sled.peerMigrationFailed(id, body.migrationId()), version));
    }

    private HttpResponse batchStates(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        if (!version.supportsBatchStates()) {
            throw new ProblemException(Problem.of(404, "POST /vmms/states does not exist in api version " + version));
        }
        VmmStatesRequest body = request.readJson(batchReader);
        if (body.ids().size() > VmmStatesRequest.MAX_IDS) {
            throw new ProblemException(Problem.of(400, "at most " + VmmStatesRequest.MAX_IDS + " ids per request, got "
                    + body.ids().size()).with("max_ids", VmmStatesRequest.MAX_IDS));
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

    private static HttpResponse guarded(UUID id, java.util.function.Supplier<HttpResponse> action) {
        try {
            return action.get();
        } catch (UnknownVmmException e) {
            throw noSuchVmm(id);
        } catch (IllegalTransitionException e) {
            throw new ProblemException(Problem.of(INVALID_TRANSITION, "Invalid transition", 409, e.getMessage())
                    .with("vmm_id", id.toString()));
        }
    }

    private static ProblemException noSuchVmm(UUID id) {
        return new ProblemException(Problem.of(NO_SUCH_VMM, "No such VMM", 404, "no VMM " + id + " on this sled")
                .with("vmm_id", id.toString()));
    }
}
