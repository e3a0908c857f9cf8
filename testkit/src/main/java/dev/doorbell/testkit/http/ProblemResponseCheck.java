package dev.doorbell.testkit.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges one outcome against the acceptance rule of {@link HostileRequest}: a 4xx (the expected
 * one, if named) with an error body of the service's {@link ErrorShape} (by default an
 * {@code application/problem+json} body whose {@code status} matches), nothing
 * in the body or headers that gives the implementation away (stack traces, Java class names, the
 * server's product name), and a silent close only for requests that are not HTTP at all.
 */
public final class ProblemResponseCheck {
    /** Stack frames, exception names and qualified Java class names. */
    private static final Pattern LEAK = Pattern.compile("(?i)exception|\\bat [\\w$]+\\.[\\w$.]+\\(|\\.java:\\d+|caused by"
            + "|\\b(java|javax|jakarta|sun|jdk|org\\.eclipse|org\\.apache|org\\.slf4j|org\\.postgresql|com\\.fasterxml"
            + "|com\\.zaxxer|dev\\.doorbell)\\.[a-z]");

    private ProblemResponseCheck() {
    }

    /** @return what is wrong with {@code outcome} as the answer to {@code request}, or empty if nothing */
    public static Optional<String> violation(HostileRequest request, RawOutcome outcome) {
        return violation(request, outcome, ErrorShape.PROBLEM_JSON);
    }

    /** @return what is wrong with {@code outcome} as the answer to {@code request} from a service of {@code shape} */
    public static Optional<String> violation(HostileRequest request, RawOutcome outcome, ErrorShape shape) {
        return switch (outcome) {
            case RawOutcome.Responded responded -> violation(request, responded.response(), shape);
            case RawOutcome.ClosedSilently closed -> request.mayCloseSilently() ? Optional.empty()
                    : Optional.of("connection " + closed.how() + " without a response");
            case RawOutcome.Unparseable bad -> Optional.of("not an HTTP response (" + bad.why() + ")");
            case RawOutcome.TimedOut timedOut -> Optional.of("no complete response in time (" + timedOut.bytesReceived()
                    + " bytes): the service hangs");
            case RawOutcome.Unreachable down -> Optional.of("cannot connect: " + down.error());
        };
    }

    /** @return what is wrong with a response to a hostile request, or empty if nothing */
    public static Optional<String> violation(HostileRequest request, RawResponse response) {
        return violation(request, response, ErrorShape.PROBLEM_JSON);
    }

    /** @return what is wrong with a response to a hostile request from a service of {@code shape}, or empty if nothing */
    public static Optional<String> violation(HostileRequest request, RawResponse response, ErrorShape shape) {
        int status = response.status();
        if (status < 400 || status > 499) {
            return Optional.of("status " + status + ", not 4xx");
        }
        if (request.expectedStatus() != 0 && status != request.expectedStatus()) {
            return Optional.of("status " + status + ", expected " + request.expectedStatus());
        }
        Optional<String> leak = leak(response);
        if (leak.isPresent()) {
            return leak;
        }
        return shape.violation(status, response);
    }

    private static Optional<String> leak(RawResponse response) {
        if (LEAK.matcher(response.bodyText()).find()) {
            return Optional.of("body gives the implementation away");
        }
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                if (LEAK.matcher(value).find()) {
                    return Optional.of("header " + header.getKey() + " gives the implementation away");
                }
            }
        }
        if (response.header("server").map(s -> s.toLowerCase(Locale.ROOT).contains("jetty")).orElse(false)
                || response.header("x-powered-by").isPresent()) {
            return Optional.of("headers name the server software");
        }
        return Optional.empty();
    }
}
