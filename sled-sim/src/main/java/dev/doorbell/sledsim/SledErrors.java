package dev.doorbell.sledsim;

import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;

import java.util.UUID;

/**
 * The errors the sled API answers beyond the framework's own, with omicron's sled-agent codes (see
 * {@link DropshotErrorRenderer} for the wire shape). Only an unknown VMM carries
 * {@value #NO_SUCH_INSTANCE}: it is the one answer a client may read as "this VMM is gone".
 */
final class SledErrors {
    /** omicron's sled-agent code for a VMM it does not know (404); nexus's {@code vmm_gone()} looks for it. */
    static final String NO_SUCH_INSTANCE = "NO_SUCH_INSTANCE";
    /** omicron's code for a refused state change (409). */
    static final String CONFLICT = "Conflict";

    private SledErrors() {
    }

    static ProblemException noSuchInstance(UUID id) {
        return new ProblemException(Problem.of(404, "no such instance: VMM " + id + " is not on this sled")
                .with(DropshotErrorRenderer.ERROR_CODE, NO_SUCH_INSTANCE));
    }

    static ProblemException conflict(String message) {
        return new ProblemException(Problem.of(409, message).with(DropshotErrorRenderer.ERROR_CODE, CONFLICT));
    }

    /** dropshot's answer when no handler serves the path in the request's version: 404 without a code. */
    static ProblemException noRouteInVersion() {
        return new ProblemException(Problem.of(404, "Not Found"));
    }

    static ProblemException badRequest(String message) {
        return ProblemException.badRequest(message);
    }
}
