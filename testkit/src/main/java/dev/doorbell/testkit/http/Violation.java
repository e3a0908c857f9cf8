package dev.doorbell.testkit.http;

/**
 * A hostile request the service answered wrongly.
 *
 * @param request  the case
 * @param problem  what was wrong
 * @param outcome  what came back
 */
public record Violation(HostileRequest request, String problem, RawOutcome outcome) {

    @Override
    public String toString() {
        return request.name() + ": " + problem + " <- " + outcome;
    }
}
