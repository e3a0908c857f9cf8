package dev.doorbell.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How one service writes its errors on the wire: every error it answers, whether a handler's
 * {@link ProblemException}, a route or method miss, a body over the limit, an unexpected failure or
 * a request Jetty could not even parse, goes through the service's one renderer. The errors
 * themselves stay {@link Problem}s inside the service; only their shape on the wire is chosen here.
 *
 * <p>Contract: {@link #body} never reveals more than the problem's client-safe members (never a
 * stack trace), and the status of the response is always the problem's status. Implementations are
 * stateless and thread-safe.
 */
public interface ErrorRenderer {

    /** @return the {@code Content-Type} of every error body this renderer writes */
    String contentType();

    /** @return {@code problem} as the bytes of an error body */
    byte[] body(Problem problem, ObjectMapper mapper) throws JsonProcessingException;

    /** RFC 9457 problem details ({@code application/problem+json}): the default for Doorbell's own services. */
    static ErrorRenderer problemJson() {
        return ProblemJsonRenderer.INSTANCE;
    }
}
