package dev.doorbell.sledsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.Uuids;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.model.VmmStatesResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The sled-agent's HTTP API over a {@link Sled}:
 * <ul>
 *   <li>{@code PUT /vmms/{id}} ({@link EnsureRequest}) and {@code PUT /vmms/{id}/state}
 *       ({@link StateRequest}) answer the resulting {@code SledVmmState};</li>
 *   <li>{@code GET /vmms/{id}/state} answers in the shape of the {@code api-version} header's version;</li>
 *   <li>{@code POST /vmms/states} (2.0.0 only) answers many VMMs at once;</li>
 *   <li>{@code GET /vmms} (2.0.0 only; Doorbell's addition, for audits and operators) lists the sled's
 *       VMMs with their states, in pages of {@code ?limit=} (1..{@value #MAX_LIST_LIMIT}, default
 *       {@value #DEFAULT_LIST_LIMIT}) resumed with {@code ?page_token=} ({@link VmmList});</li>
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
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 1000;
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
                .route("GET", "/vmms", this::listVmms)
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

    private HttpResponse listVmms(HttpRequest request) {
        ApiVersion version = versions.require(request.header(ApiVersion.HEADER));
        if (!version.supportsBatchStates()) {
            throw SledErrors.noRouteInVersion();
        }
        int limit = request.queryParam("limit").map(SledApi::listLimit).orElse(DEFAULT_LIST_LIMIT);
        Optional<UUID> after = request.queryParam("page_token").map(SledApi::pageToken);
        NavigableMap<UUID, SledVmmState> all = new TreeMap<>(sled.states());
        List<VmmList.Item> items = new ArrayList<>();
        for (Map.Entry<UUID, SledVmmState> e : (after.isPresent() ? all.tailMap(after.get(), false) : all).entrySet()) {
            if (items.size() == limit) {
                return listed(new VmmList(items, items.getLast().id().toString()), version);
            }
            items.add(new VmmList.Item(e.getKey(), e.getValue().inShapeOf(version)));
        }
        return listed(new VmmList(items, null), version);
    }

    private static HttpResponse listed(VmmList page, ApiVersion version) {
        return HttpResponse.ok(page).withHeader(ApiVersion.HEADER, version.toString());
    }

    private static int listLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIST_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SledErrors.badRequest("limit must be an integer from 1 to " + MAX_LIST_LIMIT);
    }

    private static UUID pageToken(String text) {
        return Uuids.parse(text).orElseThrow(() -> SledErrors.badRequest("invalid page_token"));
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
