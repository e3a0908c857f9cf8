package dev.doorbell.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges one outcome against the acceptance rule of {@link HostileRequest}: a 4xx (the expected
 * one, if named) with an {@code application/problem+json} body whose {@code status} matches, nothing
 * in the body or headers that gives the implementation away (stack traces, Java class names, the
 * server's product name), and a silent close only for requests that are not HTTP at all.
 */
public final class ProblemResponseCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Stack frames, exception names and qualified Java class names. */
    private static final Pattern LEAK = Pattern.compile("(?i)exception|\\bat [\\w$]+\\.[\\w$.]+\\(|\\.java:\\d+|caused by"
            + "|\\b(java|javax|jakarta|sun|jdk|org\\.eclipse|org\\.apache|org\\.slf4j|org\\.postgresql|com\\.fasterxml"
            + "|com\\.zaxxer|dev\\.doorbell)\\.[a-z]");

    private ProblemResponseCheck() {
    }

    /** @return what is wrong with {@code outcome} as the answer to {@code request}, or empty if nothing */
    public static Optional<String> violation(HostileRequest request, RawOutcome outcome) {
        return switch (outcome) {
            case RawOutcome.Responded responded -> violation(request, responded.response());
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
        String contentType = response.header("content-type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return Optional.of("content type '" + contentType + "', not application/problem+json");
        }
        JsonNode problem;
        try {
            problem = MAPPER.readTree(response.body());
        } catch (IOException e) {
            return Optional.of("problem body is not JSON");
        }
        if (problem == null || !problem.isObject()) {
            return Optional.of("problem body is not a JSON object");
        }
        if (problem.path("status").asInt() != status || !problem.path("title").isTextual() || !problem.path("type").isTextual()) {
            return Optional.of("problem body lacks a matching status, a title or a type");
        }
        return Optional.empty();
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
