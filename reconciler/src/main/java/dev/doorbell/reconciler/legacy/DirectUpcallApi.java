package dev.doorbell.reconciler.legacy;

import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.Uuids;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.SledVmmStateReader;
import dev.doorbell.reconciler.apply.ApplyResult;
import dev.doorbell.reconciler.apply.Observation;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.apply.Refusal;
import dev.doorbell.reconciler.read.DatabaseProblems;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code direct-upcall} baseline (omicron today, the floor the benchmark compares against):
 * {@code PUT /v1/legacy/vmms/{id}} with the sled's full {@code SledVmmState} as JSON in the
 * 1.0.0 shape, applied straight to PostgreSQL through {@link ObservationApplier} (so with the same
 * generation guard as the observation consumer), no Kafka. An optional {@code sled-id} header names
 * the sled; without it the nil UUID stands in, as in the gateway's legacy upcall. Answers 204 whether
 * or not the state was newer (a stale upcall is not an error), 400 with a problem for a malformed id,
 * header or body, 404 for a VMM the control plane did not create (no row is written), 409 for a
 * migration report the applier refuses (unknown migration, wrong side, self-migration), 503 when
 * the database is unreachable.
 */
public final class DirectUpcallApi {

    /** The {@code vmm.last_source} written for states applied through this endpoint. */
    public static final String SOURCE = "direct-upcall";
    static final String SLED_ID_HEADER = "sled-id";
    static final UUID UNKNOWN_SLED = new UUID(0, 0);

    private final ObservationApplier applier;
    private final SledVmmStateReader reader = new SledVmmStateReader(ApiVersion.V1);
    private final Clock clock;

    public DirectUpcallApi(ObservationApplier applier, Clock clock) {
        this.applier = Objects.requireNonNull(applier, "applier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DirectUpcallApi(ObservationApplier applier) {
        this(applier, Clock.systemUTC());
    }

    /** Adds the route to {@code builder}. */
    public HttpService.Builder register(HttpService.Builder builder) {
        return builder.route("PUT", "/v1/legacy/vmms/{id}", DatabaseProblems.guard(this::put));
    }

    private HttpResponse put(HttpRequest request) throws SQLException {
        UUID vmmId = request.uuidParam("id");
        UUID sledId = sledId(request);
        SledVmmState state;
        try {
            state = reader.read(request.body());
        } catch (SledVmmStateReader.InvalidSledVmmStateException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        ApplyResult result = applier.apply(List.of(new Observation.Reported(vmmId, sledId, clock.instant(), SOURCE,
                state.vmmState(), state.migrationIn(), state.migrationOut())));
        for (Refusal refusal : result.refusals()) {
            throw switch (refusal.reason()) {
                case UNKNOWN_VMM -> ProblemException.notFound("no VMM " + vmmId + ": VMMs are created by the control plane");
                default -> new ProblemException(Problem.of(409, "state refused (" + refusal.reason().wireName() + "): "
                        + refusal.detail()));
            };
        }
        return HttpResponse.empty(204);
    }

    private static UUID sledId(HttpRequest request) {
        String header = request.header(SLED_ID_HEADER);
        if (header == null) {
            return UNKNOWN_SLED;
        }
        return Uuids.parse(header).orElseThrow(() -> ProblemException.badRequest("header 'sled-id' must be a UUID"));
    }
}
